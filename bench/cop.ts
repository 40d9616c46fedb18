import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { buildProtocolRequest, parseProtocolSupport } from '../src/cot/negotiation.js';
import { decodeTakMessage, encodeStream, encodeVarint, readVarint, TAK_MAGIC } from '../src/cot/takproto.js';
import { parseCot, serializeCot } from '../src/cot/xml.js';
import { makePki } from '../test/cot/server/harness.js';
import { fmt, heading, percentile, report } from './measure.js';

/**
 * Issue 8's bench. Every phase is bounded in time and runs on 127.0.0.1 only:
 *  1. fan-out: 50 publishers × 200 Hz of SA (TAK protocol frames) into one server with 50 subscribers; delivered
 *     events/s, p50/p99 end-to-end latency and the server's peak RSS, for our server and for a byte-forwarding relay
 *     measured the same way in the same run;
 *  2. idle mutual-TLS connections held by our server, and what they cost in memory;
 *  3. CoT parse and serialise beside @tak-ps/node-cot on the same events.
 * Servers run in child processes (bench/cop-server.ts), the load generator here.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..');
const PHASE_MS = Number(process.env.C2_COP_BENCH_MS ?? 10_000);
const WARMUP_MS = 2_000;
const PUBLISHERS = 50;
const SUBSCRIBERS = 50;
const HZ = 200;

interface Child {
  process: ChildProcess;
  port: number;
  stats(): Promise<{ rss: number; maxRss: number }>;
  stop(): void;
}

function startServer(role: 'ours' | 'relay' | 'tls', env: Record<string, string> = {}): Promise<Child> {
  const child = fork(join(HERE, 'cop-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, C2_COP_BENCH_ROLE: role, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A bench that fails midway must not leave its server behind.
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolveChild, reject) => {
    child.once('error', reject);
    child.on('message', function ready(message: { type: string; port?: number }) {
      if (message.type !== 'ready') return;
      child.off('message', ready);
      resolveChild({
        process: child,
        port: message.port!,
        stats: () =>
          new Promise((resolveStats) => {
            child.on('message', function stats(m: { type: string; rss: number; maxRss: number }) {
              if (m.type !== 'stats') return;
              child.off('message', stats);
              resolveStats(m);
            });
            child.send({ type: 'stats' });
          }),
        stop: () => child.kill('SIGKILL'),
      });
    });
  });
}

function saTemplate(uid: string): Buffer {
  const now = new Date().toISOString();
  const stale = new Date(Date.now() + 3_600_000).toISOString();
  const xml = `<event version="2.0" uid="${uid}" type="a-f-G-U-C" how="m-g" time="${now}" start="${now}" stale="${stale}"><point lat="35.7" lon="139.3" hae="100" ce="10" le="10"/><detail><contact callsign="${uid}" endpoint="*:-1:stcp"/><__group name="Cyan" role="Team Member"/><takv device="bench" platform="ATAK-CIV" os="34" version="5.4"/><track course="90" speed="3"/></detail></event>`;
  return encodeStream(parseCot(xml));
}

/** Counts TAK frames on a stream; decodes one in `sample` to read its send time for latency. */
class FrameCounter {
  private buffer: Buffer = Buffer.alloc(0);
  frames = 0;
  constructor(
    private readonly latencies: number[],
    private readonly sample: number,
  ) {}
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    const now = Date.now();
    while (offset < this.buffer.length && this.buffer[offset] === TAK_MAGIC) {
      const length = readVarint(this.buffer, offset + 1, 1 << 20);
      if (!length) break;
      const start = offset + 1 + length.length;
      if (this.buffer.length < start + length.value) break;
      this.frames += 1;
      if (this.frames % this.sample === 0) {
        const event = decodeTakMessage(this.buffer.subarray(start, start + length.value)).event;
        if (event) this.latencies.push(now - Date.parse(event.time));
      }
      offset = start + length.value;
    }
    this.buffer = this.buffer.subarray(offset);
  }
}

/** A subscriber: negotiates protobuf when the server offers it (ours), then counts frames. */
function subscribe(port: number, latencies: number[]): Promise<{ counter: FrameCounter; socket: net.Socket }> {
  return new Promise((resolveSub, reject) => {
    const counter = new FrameCounter(latencies, 10);
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let negotiated = false;
    socket.once('error', reject);
    socket.on('connect', () => {
      // The relay offers nothing: it is ready at once.
      setTimeout(() => {
        if (!text) {
          negotiated = true;
          resolveSub({ counter, socket });
        }
      }, 300);
    });
    socket.on('data', (chunk: Buffer) => {
      if (negotiated) return counter.push(chunk);
      text += chunk.toString('latin1');
      const offer = /<event[^>]*t-x-takp-v[\s\S]*?<\/event>/.exec(text);
      if (offer && !text.includes('t-x-takp-q-sent')) {
        const { uid } = parseProtocolSupport(parseCot(offer[0]));
        socket.write(serializeCot(buildProtocolRequest(uid, 1, new Date().toISOString()), { declaration: true }));
        text += 't-x-takp-q-sent';
      }
      const end = text.indexOf('</event>', text.indexOf('t-x-takp-r'));
      if (text.includes('t-x-takp-r') && end >= 0) {
        negotiated = true;
        const rest = Buffer.from(text.slice(end + '</event>'.length).replace('t-x-takp-q-sent', ''), 'latin1');
        if (rest.length > 0) counter.push(rest);
        resolveSub({ counter, socket });
      }
    });
  });
}

async function fanOut(role: 'ours' | 'relay') {
  const server = await startServer(role);
  const latencies: number[] = [];
  const subscribers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => subscribe(server.port, latencies)));
  const publishers = await Promise.all(
    Array.from(
      { length: PUBLISHERS },
      (_, i) =>
        new Promise<{ socket: net.Socket; uid: string }>((ok) => {
          const socket = net.connect(server.port, '127.0.0.1', () => ok({ socket, uid: `BENCH-${i}` }));
          socket.setNoDelay(true);
          socket.on('data', () => undefined);
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 300));
  // 200 Hz each, sent as 2 reports every 10 ms; each report carries its own send time.
  let offered = 0;
  const timer = setInterval(() => {
    for (const { socket, uid } of publishers) {
      if (socket.writableLength > 1 << 20) continue;
      const frames: Buffer[] = [];
      for (let k = 0; k < HZ / 100; k++) frames.push(frameAt(uid));
      socket.write(Buffer.concat(frames));
      offered += frames.length;
    }
  }, 10);
  // Nothing is counted in the first WARMUP_MS of load, for either server: both are measured in their steady state,
  // not while a JIT compiles their hot paths (a relay has few; ours has a codec, a store and a queue).
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  for (const s of subscribers) s.counter.frames = 0;
  latencies.length = 0;
  offered = 0;
  const start = Date.now();
  await new Promise((r) => setTimeout(r, PHASE_MS));
  clearInterval(timer);
  const seconds = (Date.now() - start) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const delivered = subscribers.reduce((sum, s) => sum + s.counter.frames, 0);
  const stats = await server.stats();
  for (const s of [...subscribers, ...publishers]) s.socket.destroy();
  server.stop();
  latencies.sort((a, b) => a - b);
  return {
    offeredPerS: offered / seconds,
    deliveredPerS: delivered / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRssMiB: stats.maxRss / 2 ** 20,
  };
}

const templates = new Map<string, { frame: Buffer; at: number }>();

/**
 * A fresh SA frame for `uid` stamped now. The frame is encoded once; its sendTime (field 6, a 6-byte varint for
 * today's epoch milliseconds) is rewritten in place, so the load generator spends its time sending, not encoding.
 */
function frameAt(uid: string): Buffer {
  let template = templates.get(uid);
  if (!template) {
    const frame = saTemplate(uid);
    const header = 1 + readVarint(frame, 1, 1 << 20)!.length;
    const sent = Date.parse(decodeTakMessage(frame.subarray(header)).event!.time);
    const at = frame.indexOf(Buffer.from([0x30, ...encodeVarint(sent)]));
    if (at < 0 || encodeVarint(sent).length !== 6) throw new Error('bench: cannot find sendTime in the frame');
    template = { frame, at: at + 1 };
    templates.set(uid, template);
  }
  const frame = Buffer.from(template.frame);
  frame.set(encodeVarint(Date.now()), template.at);
  return frame;
}

async function idleTls(target: number, budgetMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'c2-bench-pki-'));
  try {
    const pki = makePki(dir);
    const client = pki.client('bench-client', 'bench');
    const server = await startServer('tls', {
      C2_COP_BENCH_TLS: JSON.stringify({ ...pki.server, ca: pki.ca }),
    });
    const before = await server.stats();
    const sockets: tls.TLSSocket[] = [];
    const options = {
      host: '127.0.0.1',
      port: server.port,
      ca: pki.ca,
      ...client,
    };
    const deadline = Date.now() + budgetMs;
    let session: Buffer | undefined;
    const started = Date.now();
    // 20 handshakes in flight at a time, resuming the TLS session where the server allows it.
    while (sockets.length < target && Date.now() < deadline) {
      const batch = await Promise.allSettled(
        Array.from(
          { length: Math.min(20, target - sockets.length) },
          () =>
            new Promise<tls.TLSSocket>((ok, fail) => {
              const socket = tls.connect({ ...options, ...(session ? { session } : {}) }, () => ok(socket));
              socket.once('session', (s) => (session ??= s));
              socket.once('error', fail);
              socket.on('data', () => undefined);
            }),
        ),
      );
      for (const result of batch) if (result.status === 'fulfilled') sockets.push(result.value);
      if (batch.every((r) => r.status === 'rejected')) break;
    }
    const handshakeS = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    const after = await server.stats();
    for (const socket of sockets) socket.destroy();
    server.stop();
    return { held: sockets.length, handshakeS, before: before.rss, after: after.rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The compiled build: under tsx the package's own TypeScript sources load instead, and lose their methods.
const NODE_COT = '@tak-ps/node-cot/dist/index.js';

async function codecs(budgetMs: number) {
  const { default: CoT } = (await import(NODE_COT)) as { default: new (xml: string) => { to_xml(): string } };
  const dir = resolve(REPO, '../shared/samples/cot');
  const xmls = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.cot'))
        .map((name) => readFileSync(join(dir, name), 'utf8'))
        .filter((xml) => {
          try {
            parseCot(xml);
            new CoT(xml).to_xml();
            return true;
          } catch {
            return false;
          }
        })
    : [];
  if (xmls.length === 0) return undefined;
  const rate = (work: (xml: string) => unknown) => {
    for (const xml of xmls) work(xml);
    let n = 0;
    const end = performance.now() + budgetMs;
    while (performance.now() < end) {
      for (const xml of xmls) work(xml);
      n += xmls.length;
    }
    return n / (budgetMs / 1000);
  };
  const parsed = xmls.map((xml) => parseCot(xml));
  const theirs = xmls.map((xml) => new CoT(xml));
  let i = 0;
  let j = 0;
  return {
    events: xmls.length,
    oursParse: rate((xml) => parseCot(xml)),
    theirsParse: rate((xml) => new CoT(xml)),
    oursSerialise: rate(() => serializeCot(parsed[i++ % parsed.length]!)),
    theirsSerialise: rate(() => theirs[j++ % theirs.length]!.to_xml()),
  };
}

export async function run(): Promise<void> {
  heading(
    'COP / TAK server: 50 publishers x 200 Hz SA fanned out to 50 subscribers, loopback (2 s warm-up, then 10 s each)',
  );
  const relay = await fanOut('relay');
  const ours = await fanOut('ours');
  console.log(`offered: ours ${fmt(ours.offeredPerS, 0)} events/s, relay ${fmt(relay.offeredPerS, 0)} events/s`);
  report(
    'delivered events/s',
    fmt(ours.deliveredPerS, 0),
    fmt(relay.deliveredPerS, 0),
    ours.deliveredPerS / relay.deliveredPerS,
    {
      min: 0.5,
      label: '>= 0.5x relay',
    },
  );
  report('p50 latency ms (relay/ours)', fmt(ours.p50, 1), fmt(relay.p50, 1), relay.p50 / ours.p50);
  report('p99 latency ms (relay/ours)', fmt(ours.p99, 1), fmt(relay.p99, 1), relay.p99 / ours.p99, {
    min: 0.5,
    label: 'p99 <= 2x relay',
  });
  report(
    'server peak RSS MiB (relay/ours)',
    fmt(ours.peakRssMiB, 0),
    fmt(relay.peakRssMiB, 0),
    relay.peakRssMiB / ours.peakRssMiB,
  );

  // Handshakes on two shared cores run about 200 a second: 10,000 take most of a minute.
  heading('COP / TAK server: 10,000 idle mutual-TLS connections (75 s budget)');
  const idle = await idleTls(10_000, 75_000);
  const perConnectionKiB = (idle.after - idle.before) / 1024 / Math.max(idle.held, 1);
  console.log(
    `held ${idle.held} TLS connections (handshakes took ${fmt(idle.handshakeS, 1)} s); server RSS ${fmt(idle.before / 2 ** 20, 0)} -> ${fmt(idle.after / 2 ** 20, 0)} MiB, ${fmt(perConnectionKiB, 1)} KiB each`,
  );
  // Measured when all 10,000 were held; otherwise projected from the cost per connection of those that were.
  const heldAll = idle.held >= 10_000;
  const projectedMiB = heldAll ? idle.after / 2 ** 20 : (idle.before + perConnectionKiB * 1024 * 10_000) / 2 ** 20;
  const what = heldAll ? 'measured' : `projected from ${idle.held}`;
  report(
    `RSS for 10,000 idle TLS clients, MiB, ${what} (goal/ours)`,
    fmt(projectedMiB, 0),
    '1,024',
    1024 / projectedMiB,
    {
      min: 1,
      label: '< 1 GiB',
    },
  );

  heading('CoT XML codec beside @tak-ps/node-cot on the shared samples (2 s each)');
  const codec = await codecs(2000);
  if (!codec) console.log('skipped: ../shared/samples/cot not found');
  else {
    console.log(`${codec.events} sample events both parsers accept`);
    report(
      'parse events/s (ours vs node-cot)',
      fmt(codec.oursParse, 0),
      fmt(codec.theirsParse, 0),
      codec.oursParse / codec.theirsParse,
    );
    report(
      'serialise events/s (ours vs node-cot)',
      fmt(codec.oursSerialise, 0),
      fmt(codec.theirsSerialise, 0),
      codec.oursSerialise / codec.theirsSerialise,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
