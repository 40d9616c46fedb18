import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ForceStructureView } from './ForceStructureView.js';
import { UnitView } from './UnitView.js';

/**
 * The views the shell can show. Navigation lists the entries with a `nav` label; a view appears here only once it
 * has something to show, so the navigation never offers an empty page.
 */
export interface ViewEntry {
  id: string;
  /** Matches a path; returns route parameters, or null when the path is not this view's. */
  match: (path: string) => Record<string, string> | null;
  component:
    | ComponentType<{ params: Record<string, string> }>
    | LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
  nav?: { label: string; href: string };
}

const exact = (target: string) => (path: string) => (path === target ? {} : null);

/** Matches `/prefix/:id` and returns the id. */
const withId = (prefix: string) => (path: string) => {
  const m = new RegExp(`^${prefix}/([^/]+)$`).exec(path);
  return m?.[1] ? { id: decodeURIComponent(m[1]) } : null;
};

/** Views other than the force structure and unit pages load on first use, keeping the first page's script small. */
export const VIEWS: ViewEntry[] = [
  {
    id: 'force',
    match: (path) => (path === '/' || path === '/force' ? {} : null),
    component: ForceStructureView,
    nav: { label: 'Force structure', href: '/' },
  },
  {
    id: 'unit',
    match: withId('/units'),
    component: UnitView,
  },
  {
    id: 'map',
    match: exact('/map'),
    // OpenLayers and the basemap are large: load them only when the map is opened.
    component: lazy(() => import('./MapView.js').then((m) => ({ default: m.MapView }))),
    nav: { label: 'Map', href: '/map' },
  },
  {
    id: 'missions',
    match: exact('/missions'),
    component: lazy(() => import('./MissionsView.js').then((m) => ({ default: m.MissionsView }))),
    nav: { label: 'Missions', href: '/missions' },
  },
  {
    id: 'plans',
    match: exact('/plans'),
    component: lazy(() => import('./PlansView.js').then((m) => ({ default: m.PlansView }))),
    nav: { label: 'Plans', href: '/plans' },
  },
  {
    id: 'plan',
    match: withId('/plans'),
    component: lazy(() => import('./PlanView.js').then((m) => ({ default: m.PlanView }))),
  },
  {
    id: 'coordination',
    match: exact('/coordination'),
    component: lazy(() => import('./CoordinationView.js').then((m) => ({ default: m.CoordinationView }))),
    nav: { label: 'Coordination', href: '/coordination' },
  },
  {
    id: 'compose',
    match: exact('/coordination/new'),
    component: lazy(() => import('./ComposeView.js').then((m) => ({ default: m.ComposeView }))),
  },
  {
    id: 'request',
    match: withId('/coordination'),
    component: lazy(() => import('./RequestView.js').then((m) => ({ default: m.RequestView }))),
  },
  {
    id: 'diff',
    match: exact('/changes'),
    component: lazy(() => import('./DiffView.js').then((m) => ({ default: m.DiffView }))),
    nav: { label: 'Changes', href: '/changes' },
  },
];

/** The navigation section a view belongs to (a plan page highlights Plans, a request Coordination). */
export const SECTION: Record<string, string> = {
  unit: 'force',
  plan: 'plans',
  compose: 'coordination',
  request: 'coordination',
};

export function resolveView(path: string): { view: ViewEntry; params: Record<string, string> } | null {
  for (const view of VIEWS) {
    const params = view.match(path);
    if (params) return { view, params };
  }
  return null;
}
