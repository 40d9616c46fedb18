import { Suspense } from 'react';
import { api, useApi } from './api.js';
import { Banner } from './components/Banner.js';
import { Header } from './components/Header.js';
import { useMarking } from './marking.js';
import { useLocation } from './router.js';
import { resolveView } from './views/registry.js';

export function App() {
  const meta = useApi((signal) => api.meta(signal), 'meta');
  useMarking(meta.data?.marking);
  const { path } = useLocation();
  const resolved = resolveView(path);
  const View = resolved?.view.component;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Banner position="top" />
      <Header meta={meta.data} />
      <main className="app-main" id="main" tabIndex={-1}>
        {meta.error && (
          <div className="problem" role="alert">
            Server unreachable: {meta.error.message}
          </div>
        )}
        {View && resolved ? (
          <Suspense fallback={<div className="loading">Loading…</div>}>
            <View key={resolved.view.id} params={resolved.params} />
          </Suspense>
        ) : (
          <div className="problem" role="alert">
            No page at {path}.
          </div>
        )}
      </main>
      <Banner position="bottom" />
    </div>
  );
}
