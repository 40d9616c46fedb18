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

export const VIEWS: ViewEntry[] = [
  {
    id: 'force',
    match: (path) => (path === '/' || path === '/force' ? {} : null),
    component: ForceStructureView,
    nav: { label: 'Force structure', href: '/' },
  },
  {
    id: 'unit',
    match: (path) => {
      const m = /^\/units\/([^/]+)$/.exec(path);
      return m?.[1] ? { id: decodeURIComponent(m[1]) } : null;
    },
    component: UnitView,
  },
  {
    id: 'map',
    match: exact('/map'),
    // OpenLayers and the basemap are large: load them only when the map is opened.
    component: lazy(() => import('./MapView.js').then((m) => ({ default: m.MapView }))),
    nav: { label: 'Map', href: '/map' },
  },
];

export function resolveView(path: string): { view: ViewEntry; params: Record<string, string> } | null {
  for (const view of VIEWS) {
    const params = view.match(path);
    if (params) return { view, params };
  }
  return null;
}
