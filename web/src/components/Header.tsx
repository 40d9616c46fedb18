import type { Meta } from '../api.js';
import { useLocation } from '../router.js';
import { AppLink } from './AppLink.js';
import { resolveView, SECTION, VIEWS } from '../views/registry.js';
import { ThemeToggle } from './ThemeToggle.js';
import { TimeControl } from './TimeControl.js';

export function Header({ meta, onSignOut }: { meta: Meta | null; onSignOut: () => void }) {
  const { path } = useLocation();
  const active = resolveView(path)?.view;
  const section = active ? (SECTION[active.id] ?? active.id) : undefined;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="product">Alliance C2</span>
        {meta && (
          <span className="scenario" title={meta.provenance}>
            {meta.title}
          </span>
        )}
      </div>
      <nav className="main-nav" aria-label="Main">
        {VIEWS.filter((v) => v.nav).map((v) => (
          <AppLink key={v.id} to={v.nav?.href ?? '/'} aria-current={section === v.id ? 'page' : undefined}>
            {v.nav?.label}
          </AppLink>
        ))}
      </nav>
      <div className="user">
        {meta?.user && (
          <>
            <span className="user-name">{meta.user.name}</span>
            <span className="chip">{meta.user.nation}</span>
            <span className="chip">{meta.user.clearance}</span>
            <button type="button" className="btn" onClick={onSignOut}>
              Sign out
            </button>
          </>
        )}
        <ThemeToggle />
      </div>
      <TimeControl />
    </header>
  );
}
