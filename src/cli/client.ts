import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { C2Error, ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { DEFAULT_POLICY } from '../domain/security/default-policy.js';
import { type Clock, systemClock } from '../services/clock.js';
import type { ForceService } from '../services/force.js';
import { Guard } from '../services/guard.js';

/**
 * The CLI against a server instead of a local store: the REST API with the token `c2 login` saved. The server decides
 * what the user may see; the CLI only formats what comes back.
 */

export const CREDENTIALS_FILE =
  process.env.C2_CREDENTIALS ??
  join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'alliance-c2/credentials.json');

interface SavedCredential {
  token: string;
  tokenId: string;
  username: string;
  expiresAt: string;
}

type CredentialFile = Record<string, SavedCredential>;

const normalise = (server: string) => server.replace(/\/+$/, '');

function readCredentials(): CredentialFile {
  return existsSync(CREDENTIALS_FILE) ? (JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) as CredentialFile) : {};
}

/** Saved with 0600 in a 0700 folder: the token is as good as the password until it expires or is revoked. */
export function saveCredential(server: string, credential: SavedCredential | undefined): void {
  const all = readCredentials();
  if (credential) all[normalise(server)] = credential;
  else delete all[normalise(server)];
  mkdirSync(dirname(CREDENTIALS_FILE), { recursive: true, mode: 0o700 });
  writeFileSync(CREDENTIALS_FILE, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  chmodSync(CREDENTIALS_FILE, 0o600);
}

export function savedCredential(server: string): SavedCredential | undefined {
  return readCredentials()[normalise(server)];
}

export class ApiClient {
  readonly server: string;

  constructor(
    server: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.server = normalise(server);
  }

  /** A client with the saved token of `server`, or C2_UNAUTHENTICATED telling the user to log in. */
  static signedIn(server: string): ApiClient {
    const saved = savedCredential(server);
    if (!saved)
      throw new C2Error('C2_UNAUTHENTICATED', `not signed in to ${normalise(server)}: run c2 login --server ${server}`);
    return new ApiClient(server, { authorization: `Bearer ${saved.token}` });
  }

  async request<T>(
    method: string,
    path: string,
    options: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ body: T; headers: Headers }> {
    const url = new URL(`${this.server}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null)
        url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const response = await fetch(url, {
      method,
      headers: {
        ...this.headers,
        ...options.headers,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (body ?? {}) as { code?: string; detail?: string; violations?: C2Error['violations'] };
      const code = (problem.code && problem.code in ERROR_CODES ? problem.code : 'C2_INTERNAL') as ErrorCode;
      throw new C2Error(
        code,
        problem.detail ?? `${method} ${path} answered ${response.status}`,
        problem.violations ?? [],
      );
    }
    return { body: body as T, headers: response.headers };
  }

  async get<T>(path: string, query?: Record<string, unknown>): Promise<T> {
    return (await this.request<T>('GET', path, query ? { query } : {})).body;
  }
}

type Reads =
  | 'listUnits'
  | 'detail'
  | 'chain'
  | 'subtree'
  | 'forest'
  | 'diff'
  | 'history'
  | 'validate'
  | 'exportDocument';

/** What the read commands call: a local ForceService, or the same questions asked of a server. */
export type ForceReads = {
  [K in Reads]: (
    ...args: Parameters<ForceService[K]>
  ) => ReturnType<ForceService[K]> | Promise<ReturnType<ForceService[K]>>;
};

export interface Reader {
  force: ForceReads;
  clock: Clock;
  marking(records: Iterable<{ label: SecurityLabel }>): string;
}

type Out<K extends Reads> = Promise<ReturnType<ForceService[K]>>;

/** The read commands' questions as REST calls. The actor argument is ignored: the token says who is asking. */
export function remoteReader(client: ApiClient): Reader {
  const time = (axes: { at: string; knownAt?: string }) => ({ at: axes.at, knownAt: axes.knownAt });
  const force: ForceReads = {
    listUnits: async (_actor, axes, filter = {}) =>
      (await client.get<{ units: never }>('/api/units', { ...time(axes), ...filter })).units as Awaited<
        Out<'listUnits'>
      >,
    detail: async (_actor, id, axes) => client.get(`/api/units/${encodeURIComponent(id)}`, time(axes)),
    chain: async (_actor, id, kind, axes) =>
      (await client.get<{ chain: never }>(`/api/units/${encodeURIComponent(id)}/chain`, { kind, ...time(axes) })).chain,
    subtree: async (_actor, id, kinds, axes, depth) =>
      (await client.get<{ tree: never }>(`/api/units/${encodeURIComponent(id)}/tree`, { kinds, depth, ...time(axes) }))
        .tree,
    forest: async (_actor, kinds, axes, nation) =>
      (await client.get<{ roots: never }>('/api/tree', { kinds, nation, ...time(axes) })).roots,
    diff: async (_actor, from, to, knownAt) =>
      (await client.get<{ diff: never }>('/api/diff', { from, to, knownAt })).diff,
    history: async (_actor, id) =>
      (await client.get<{ events: never }>(`/api/units/${encodeURIComponent(id)}/history`)).events,
    validate: async (_actor, knownAt) =>
      (await client.get<{ violations: never }>('/api/validate', { knownAt })).violations,
    exportDocument: async (_actor, options = {}) => client.get('/api/export', { knownAt: options.knownAt }),
  };
  const guard = new Guard(DEFAULT_POLICY);
  return { force, clock: systemClock, marking: (records) => guard.banner(records) };
}
