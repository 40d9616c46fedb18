import { useEffect, useState } from 'react';
import type { Relationship, RelationshipKind } from '../../src/domain/command/relationship.js';
import type { UnitSlice } from '../../src/domain/force/unit.js';
import type { TimeQuery } from './time.js';

/** Typed client for the HTTP API. Every response carries `marking`, the roll-up label of what it contains. */

export type { Relationship, RelationshipKind, UnitSlice };
export type ControllerKind = 'COCOM' | 'OPCON' | 'TACON' | 'ADCON';

export interface Marked {
  marking: string;
}

export interface User {
  id: string;
  name: string;
  nation: string;
  clearance: string;
  caveats?: string[];
  roles: string[];
  /** The command whose staff the user acts for (coordination inbox, requests). */
  homeCommand?: string;
}

export interface Meta extends Marked {
  title: string;
  provenance: string;
  alliance: { structure: string; nations: string[] };
  now: string;
  user?: User;
}

export interface UnitsResponse extends Marked {
  at: string;
  knownAt: string;
  units: UnitSlice[];
}

export interface Edge {
  relationship: Relationship;
  unit: UnitSlice;
}

export interface HigherHq {
  unit: UnitSlice;
  distanceKm: number;
  bearingDeg: number;
  /** Hours this unit is ahead of its higher HQ; null when a time zone is unknown. */
  timeDifferenceHours: number | null;
}

export interface UnitResponse extends Marked {
  unit: UnitSlice;
  controllers: Partial<Record<ControllerKind, Edge>>;
  superiors: Edge[];
  subordinates: Edge[];
  higherHq: HigherHq | null;
}

export interface ChainLink {
  unit: UnitSlice;
  via: Relationship | null;
}

export interface ChainResponse extends Marked {
  chain: ChainLink[];
}

export interface HistoryEvent {
  validAt: string;
  recordedAt: string;
  kind: string;
  summary: string;
  relationship?: Relationship;
  unit?: UnitSlice;
}

export interface HistoryResponse extends Marked {
  events: HistoryEvent[];
}

export interface TreeNode {
  unit: UnitSlice;
  via: Relationship | null;
  children: TreeNode[];
}

export interface TreeResponse extends Marked {
  roots: TreeNode[];
}

/** An application/problem+json error body. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  violations?: unknown[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

export type Params = Record<string, string | null | undefined>;

const UNAUTHENTICATED = 'c2:unauthenticated';

/** Calls `listener` whenever the API answers 401 (the session ended or expired); returns the unsubscribe. */
export function onUnauthenticated(listener: () => void): () => void {
  window.addEventListener(UNAUTHENTICATED, listener);
  return () => window.removeEventListener(UNAUTHENTICATED, listener);
}

/** The CSRF token the server set in a script-readable cookie; unsafe requests echo it in a header (double submit). */
function csrfToken(): string {
  const match = /(?:^|;\s*)c2_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

function url(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHENTICATED));
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  // A request aborted while its body was read yields no body: report the abort, not an empty answer.
  if (init.signal?.aborted) throw new DOMException('request aborted', 'AbortError');
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<Problem>;
    throw new ApiError({
      title: problem.title ?? response.statusText,
      status: problem.status ?? response.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.code ? { code: problem.code } : {}),
      ...(problem.violations ? { violations: problem.violations } : {}),
    });
  }
  return body as T;
}

export const get = <T>(path: string, params: Params, signal?: AbortSignal) => request<T>(url(path, params), { signal });

export const post = <T>(path: string, body?: unknown) =>
  request<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body ?? {}),
  });

export const times = (t: TimeQuery): Params => ({ at: t.at, knownAt: t.knownAt });

export const api = {
  meta: (signal?: AbortSignal) => get<Meta>('/api/meta', {}, signal),
  login: (username: string, password: string) =>
    post<{ user: User; expiresAt: string }>('/api/auth/login', { username, password }),
  logout: () => post<void>('/api/auth/logout'),
  units: (t: TimeQuery, filter: { q?: string; nation?: string; service?: string } = {}, signal?: AbortSignal) =>
    get<UnitsResponse>('/api/units', { ...times(t), ...filter }, signal),
  unit: (id: string, t: TimeQuery, signal?: AbortSignal) =>
    get<UnitResponse>(`/api/units/${encodeURIComponent(id)}`, times(t), signal),
  chain: (id: string, kind: RelationshipKind, t: TimeQuery, signal?: AbortSignal) =>
    get<ChainResponse>(`/api/units/${encodeURIComponent(id)}/chain`, { kind, ...times(t) }, signal),
  history: (id: string, signal?: AbortSignal) =>
    get<HistoryResponse>(`/api/units/${encodeURIComponent(id)}/history`, {}, signal),
  tree: (kinds: readonly RelationshipKind[], t: TimeQuery, nation?: string, signal?: AbortSignal) =>
    get<TreeResponse>('/api/tree', { kinds: kinds.join(','), ...times(t), nation }, signal),
};

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
}

/**
 * Runs `load` whenever `key` changes, aborting the request it replaces; keeps the last data while the next loads so a
 * view does not flash empty when the time slider moves.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` depends on.
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: null, error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state;
}
