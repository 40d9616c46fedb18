import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TakServer } from '../src/cot/server/server.js';
import { TAK_MAGIC, readVarint } from '../src/cot/takproto.js';
import { DEFAULT_POLICY } from '../src/domain/security/default-policy.js';
import { PUBLIC_UNCLASSIFIED } from '../src/domain/security/label.js';
import type { Actor } from '../src/services/actor.js';
import { systemClock } from '../src/services/clock.js';
import { CopService } from '../src/services/cop.js';
import { Guard } from '../src/services/guard.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { SqliteTrackStore } from '../src/store/sqlite/tracks.js';

/**
 * The servers bench/cop.ts measures, each in a child process of its own (so its memory is its own): `ours` (the TAK
 * server on a SQLite store), `relay` (frames forwarded as bytes: the physical limit) and `tls` (ours, mutual TLS).
 * The parent talks to it over IPC: it sends {port} when listening and {rss, maxRss} when asked.
 */
const READER: Actor = { id: 'bench', name: 'bench', nation: 'USA', clearance: 'UNCLASSIFIED', caveats: [], roles: [] };

function relay(): net.Server {
  const sockets = new Set<net.Socket>();
  return net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      // Frame boundaries only (0xbf, varint length), so interleaved senders do not corrupt each other's frames.
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      let offset = 0;
      while (offset < buffer.length && buffer[offset] === TAK_MAGIC) {
        const length = readVarint(buffer, offset + 1, 1 << 20);
        if (!length || buffer.length < offset + 1 + length.length + length.value) break;
        offset += 1 + length.length + length.value;
      }
      if (offset === 0) return;
      const frames = buffer.subarray(0, offset);
      buffer = buffer.subarray(offset);
      for (const other of sockets) if (other !== socket && other.writableLength < 4 << 20) other.write(frames);
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
}

async function main(): Promise<void> {
  const role = process.env.C2_COP_BENCH_ROLE;
  const send = (message: object) => process.send!(message);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') {
      send({ type: 'stats', rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
    }
  });
  if (role === 'relay') {
    const server = relay();
    server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as net.AddressInfo).port }));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'c2-bench-cop-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore(join(dir, 'c2.db'));
  await store.migrate();
  const tracks = new SqliteTrackStore(store.db);
  await tracks.migrate();
  const cop = new CopService(tracks, store, new Guard(DEFAULT_POLICY), systemClock);
  cop.start();
  const tls = role === 'tls' ? JSON.parse(process.env.C2_COP_BENCH_TLS!) : undefined;
  const server = new TakServer({
    cop,
    clock: systemClock,
    host: '127.0.0.1',
    tcpPort: tls ? false : 0,
    tlsPort: tls ? 0 : false,
    udpPort: false,
    ...(tls ? { tls, identity: { certificates: { 'bench-client': 'bench' } }, resolveUser: () => READER } : {}),
    anonymous: { actor: READER, defaultLabel: PUBLIC_UNCLASSIFIED },
    queueLimit: 2000,
  });
  const addresses = await server.start();
  send({ type: 'ready', port: addresses.tcp ?? addresses.tls });
}

await main();
