import { Suspense, useCallback, useEffect, useState } from 'react';
import { api, onUnauthenticated, useApi } from './api.js';
import { Banner } from './components/Banner.js';
import { Header } from './components/Header.js';
import { useMarking } from './marking.js';
import { useLocation } from './router.js';
import { SessionContext } from './session.js';
import { resolveView } from './views/registry.js';
import { SignIn } from './views/SignIn.js';

export function App() {
  // Bumped on sign-in, sign-out and any 401: /api/meta then says who (if anyone) is signed in.
  const [session, setSession] = useState(0);
  const renew = useCallback(() => setSession((n) => n + 1), []);
  useEffect(() => onUnauthenticated(renew), [renew]);
  const meta = useApi((signal) => api.meta(signal), `meta|${session}`);
  useMarking(meta.data?.marking);
  const { path } = useLocation();
  const resolved = resolveView(path);
  const View = resolved?.view.component;
  const signOut = () => {
    api.logout().finally(renew);
  };
  let content: React.ReactNode;
  if (meta.error) {
    content = (
      <div className="problem" role="alert">
        Server unreachable: {meta.error.message}
      </div>
    );
  } else if (!meta.data) content = <div className="loading">Loading…</div>;
  else if (!meta.data.user) content = <SignIn onSignedIn={renew} />;
  else if (View && resolved) {
    content = (
      <SessionContext.Provider value={meta.data}>
        <Suspense fallback={<div className="loading">Loading…</div>}>
          <View key={`${resolved.view.id}|${meta.data.user.id}`} params={resolved.params} />
        </Suspense>
      </SessionContext.Provider>
    );
  } else {
    content = (
      <div className="problem" role="alert">
        No page at {path}.
      </div>
    );
  }
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Banner position="top" />
      <Header meta={meta.data} onSignOut={signOut} />
      <main className="app-main" id="main" tabIndex={-1}>
        {content}
      </main>
      <Banner position="bottom" />
    </div>
  );
}
