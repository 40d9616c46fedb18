import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { TakServer, type TakServerOptions } from '../../../src/cot/server/server.js';
import { TakStreamDecoder } from '../../../src/cot/takproto.js';
import { parseCot } from '../../../src/cot/xml.js';
import { CotXmlStreamSplitter } from '../../../src/cot/xml-splitter.js';
import type { CotEvent } from '../../../src/domain/cop/track.js';
import { DEFAULT_POLICY } from '../../../src/domain/security/default-policy.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import type { Actor } from '../../../src/services/actor.js';
import type { Clock } from '../../../src/services/clock.js';
import { CopService, type CopOptions } from '../../../src/services/cop.js';
import { Guard } from '../../../src/services/guard.js';
import { SqliteStore } from '../../../src/store/sqlite/index.js';
import { SqliteTrackStore } from '../../../src/store/sqlite/tracks.js';

export const US_USER: Actor = {
  id: 'u-us',
  name: 'US operator',
  nation: 'USA',
  clearance: 'SECRET',
  caveats: [],
  roles: [],
};
export const JP_USER: Actor = {
  id: 'u-jp',
  name: 'JP operator',
  nation: 'JPN',
  clearance: 'SECRET',
  caveats: [],
  roles: [],
};
export const ANONYMOUS: Actor = {
  id: 'anonymous',
  name: 'TCP client',
  nation: 'USA',
  clearance: 'UNCLASSIFIED',
  caveats: [],
  roles: [],
};

/** A settable clock: tests pin it where an instant matters. */
export class TestClock implements Clock {
  constructor(public ms = Date.now()) {}
  now() {
    return new Date(this.ms).toISOString();
  }
}

export interface CopFixture {
  dir: string;
  store: SqliteStore;
  cop: CopService;
  close(): Promise<void>;
}

/** A CopService over a real SQLite file in a temp folder. */
export async function openCop(clock: Clock, options: CopOptions = {}): Promise<CopFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'c2-cop-'));
  const store = new SqliteStore(join(dir, 'c2.db'));
  await store.migrate();
  const tracks = new SqliteTrackStore(store.db);
  await tracks.migrate();
  const cop = new CopService(tracks, store, new Guard(DEFAULT_POLICY), clock, options);
  return {
    dir,
    store,
    cop,
    async close() {
      await cop.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Pki {
  ca: string;
  server: { key: string; cert: string };
  client(cn: string, ou: string): { key: string; cert: string };
}

/** A throwaway CA, a server certificate for 127.0.0.1 and client certificates, made with openssl at test time. */
export function makePki(dir: string): Pki {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=C2 Test CA',
  );
  const issue = (name: string, subject: string, extensions: string) => {
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    writeFileSync(join(dir, `${name}.ext`), extensions);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
    );
    return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
  };
  const server = issue(
    'server',
    '/CN=localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  return {
    ca: read('ca.pem'),
    server,
    client: (cn, ou) => issue(`client-${cn}`, `/CN=${cn}/OU=${ou}`, 'extendedKeyUsage=clientAuth\n'),
  };
}

export async function startTak(
  cop: CopService,
  clock: Clock,
  extra: Partial<TakServerOptions> = {},
): Promise<TakServer> {
  const server = new TakServer({
    cop,
    clock,
    host: '127.0.0.1',
    tcpPort: 0,
    tlsPort: false,
    udpPort: 0,
    anonymous: { actor: ANONYMOUS, defaultLabel: PUBLIC_UNCLASSIFIED },
    ...extra,
  });
  await server.start();
  return server;
}

/** A test client: collects the events it receives, XML or TAK protocol, and can write raw bytes. */
export class TakTestClient {
  readonly events: CotEvent[] = [];
  /** The XML documents received as they came, before parsing. */
  readonly xml: string[] = [];
  private splitter = new CotXmlStreamSplitter();
  private decoder: TakStreamDecoder | undefined;
  closed = false;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static tcp(port: number): Promise<TakTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new TakTestClient(socket)));
      socket.once('error', reject);
    });
  }

  static tls(port: number, pki: Pki, identity: { key: string; cert: string }): Promise<TakTestClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', ca: pki.ca, ...identity }, () =>
        resolve(new TakTestClient(socket)),
      );
      socket.once('error', reject);
    });
  }

  /** Switch reading to TAK protocol frames (after the client saw t-x-takp-r true). */
  useProtobuf(): void {
    this.decoder ??= new TakStreamDecoder();
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  async waitFor(predicate: (event: CotEvent) => boolean, timeoutMs = 3000): Promise<CotEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.closed || Date.now() > deadline)
        throw new Error(`no matching event among ${this.events.length} (closed: ${this.closed})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.decoder) {
      for (const result of this.decoder.push(chunk))
        if (result.ok && result.message.event) this.events.push(result.message.event);
    } else {
      for (const part of this.splitter.push(chunk)) {
        if (!part.ok) continue;
        this.xml.push(part.xml);
        this.events.push(parseCot(part.xml));
      }
    }
    this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** A position report as ATAK writes one. */
export function saXml(
  uid: string,
  options: {
    callsign?: string;
    lat?: number;
    lon?: number;
    now?: number;
    staleMs?: number;
    detail?: string;
    type?: string;
  } = {},
): string {
  const now = options.now ?? Date.now();
  const time = new Date(now).toISOString();
  const stale = new Date(now + (options.staleMs ?? 60_000)).toISOString();
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><event version="2.0" uid="${uid}" type="${options.type ?? 'a-f-G-U-C'}" how="m-g" time="${time}" start="${time}" stale="${stale}"><point lat="${options.lat ?? 35.7}" lon="${options.lon ?? 139.3}" hae="100" ce="10" le="10"/><detail><contact callsign="${options.callsign ?? uid}"/>${options.detail ?? ''}</detail></event>`;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
