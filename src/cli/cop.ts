import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { TakIdentityConfig } from '../cot/server/identity.js';
import { TAK_DEFAULT_PORTS, TakServer } from '../cot/server/server.js';
import { serializeCot } from '../cot/xml.js';
import { addMs, type Instant, toInstant } from '../domain/time/instant.js';
import { parseMarking } from '../domain/security/marking.js';
import type { Actor } from '../services/actor.js';
import type { CopService } from '../services/cop.js';
import { actorOf } from '../services/identity.js';
import type { Services } from '../services/index.js';
import type { TrackQuery } from '../store/tracks.js';
import { type output, table } from './output.js';

/**
 * The COP from the command line: `c2 tracks list|replay`, and the TAK server that `c2 serve` starts beside the HTTP
 * API (flags --tak-port, --tak-tls-port, --tak-udp-port, … on `serve`; 0 disables a listener).
 */
type Action = <A extends unknown[]>(
  run: (services: Services, out: ReturnType<typeof output>, ...args: A) => Promise<void> | void,
) => (...args: A) => Promise<void>;

export interface TakServeOptions {
  takHost: string;
  takPort: number;
  takTlsPort: number;
  takUdpPort: number;
  takCert?: string;
  takKey?: string;
  takCa?: string;
  /** JSON file: { certificates: { CN: userId }, groupMarkings: { OU: marking } }. */
  takIdentity?: string;
  /** Marking of unauthenticated (TCP, UDP) input, default UNCLASSIFIED. */
  takFeedMarking: string;
  retentionDays: number;
}

let serveOptions: TakServeOptions | undefined;

const port = (value: string) => {
  const n = Number.parseInt(value, 10);
  if (!(n >= 0 && n <= 65535)) throw new Error(`'${value}' is not a port (0 turns the listener off)`);
  return n;
};

/** A TAK client with no certificate: reads and writes only what is public. */
const anonymousActor = (services: Services): Actor => ({
  id: 'tak-anonymous',
  name: 'TAK client without a certificate',
  nation: services.guard.policy.originator,
  clearance: services.guard.policy.levels[0]!.name,
  caveats: [],
  roles: [],
});

/** The system acts for missions: it finds every command responsible, whoever the event's author is. */
const SYSTEM: Actor = { id: 'system', name: 'System', nation: 'USA', clearance: '', caveats: [], roles: ['system'] };

/** Builds the COP service over the app's store, with alerts on the bus and responsibility from the missions. */
/** What the COP flags on `c2 serve` ask of the app itself (the rest configures the TAK listeners). */
export function copAppOptions(): { trackRetentionDays: number } {
  return { trackRetentionDays: (serveOptions ?? defaults()).retentionDays };
}

/**
 * Called by `c2 serve` between building the HTTP server and listening: adds the COP routes and starts the TAK
 * listeners with the flags given to serve; both stop when the HTTP server closes.
 */
export async function startCop(services: Services, app: FastifyInstance): Promise<CopService> {
  const options = serveOptions ?? defaults();
  const cop = services.cop;
  cop.start();
  const tls =
    options.takTlsPort > 0 && options.takCert && options.takKey && options.takCa
      ? { cert: readFileSync(options.takCert), key: readFileSync(options.takKey), ca: readFileSync(options.takCa) }
      : undefined;
  const identity = options.takIdentity
    ? (JSON.parse(readFileSync(options.takIdentity, 'utf8')) as TakIdentityConfig)
    : undefined;
  const policy = services.guard.policy;
  const tak = new TakServer({
    cop,
    clock: services.clock,
    host: options.takHost,
    tcpPort: options.takPort > 0 ? options.takPort : false,
    tlsPort: tls ? options.takTlsPort : false,
    udpPort: options.takUdpPort > 0 ? options.takUdpPort : false,
    ...(tls ? { tls } : {}),
    ...(identity ? { identity } : {}),
    resolveUser: async (id) => {
      const user = await services.store.findUser({ id });
      return user && !user.disabled ? actorOf(user) : undefined;
    },
    anonymous: { actor: anonymousActor(services), defaultLabel: parseMarking(options.takFeedMarking, policy) },
    log: (event, detail) => {
      if (event !== 'tak.connect') process.stderr.write(`${event} ${JSON.stringify(detail)}\n`);
    },
  });
  const addresses = await tak.start();
  process.stdout.write(`TAK server: ${JSON.stringify(addresses)} on ${options.takHost}\n`);
  app.addHook('onClose', async () => {
    await tak.stop();
    await cop.stop();
  });
  return cop;
}

function defaults(): TakServeOptions {
  return {
    takHost: '127.0.0.1',
    takPort: TAK_DEFAULT_PORTS.tcp,
    takTlsPort: TAK_DEFAULT_PORTS.tls,
    takUdpPort: TAK_DEFAULT_PORTS.udp,
    takFeedMarking: 'UNCLASSIFIED',
    retentionDays: 7,
  };
}

function queryOf(options: Record<string, string | undefined>): TrackQuery {
  const bbox = options.bbox?.split(',').map(Number);
  if (bbox && (bbox.length !== 4 || bbox.some((n) => !Number.isFinite(n)))) {
    throw new Error('--bbox is west,south,east,north in degrees');
  }
  return {
    ...(bbox ? { bbox: bbox as [number, number, number, number] } : {}),
    ...(options.from ? { from: toInstant(options.from, '--from') } : {}),
    ...(options.to ? { to: toInstant(options.to, '--to') } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.affiliation ? { affiliation: options.affiliation } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
}

const filters = (command: Command) =>
  command
    .option('--bbox <w,s,e,n>', 'bounding box in degrees')
    .option('--type <prefix>', 'CoT type prefix, e.g. a-h-S')
    .option('--affiliation <letter>', 'f, h, n, u, …')
    .option('--source <id>', 'where the reports came from');

export function registerCopCommands(program: Command, { action }: { action: Action }): void {
  const serveCommand = program.commands.find((command) => command.name() === 'serve');
  if (serveCommand) {
    serveCommand
      .option('--tak-host <host>', 'address the TAK listeners bind', '127.0.0.1')
      .option('--tak-port <port>', 'TAK streaming TCP port (0: off)', port, TAK_DEFAULT_PORTS.tcp)
      .option(
        '--tak-tls-port <port>',
        'TAK mutual-TLS streaming port (needs --tak-cert/--tak-key/--tak-ca)',
        port,
        TAK_DEFAULT_PORTS.tls,
      )
      .option('--tak-udp-port <port>', 'TAK UDP input port, e.g. 4242 (0: off)', port, TAK_DEFAULT_PORTS.udp)
      .option('--tak-cert <file>', 'PEM server certificate for the TAK TLS port')
      .option('--tak-key <file>', 'PEM server key for the TAK TLS port')
      .option('--tak-ca <file>', 'PEM CA that signs TAK client certificates')
      .option('--tak-identity <file>', 'JSON: { certificates: { CN: userId }, groupMarkings: { OU: marking } }')
      .option('--tak-feed-marking <marking>', 'label of input from clients without a certificate', 'UNCLASSIFIED')
      .option('--retention-days <days>', 'how long track history is kept', (v) => Number.parseFloat(v), 7)
      .hook('preAction', (command) => {
        serveOptions = command.opts<TakServeOptions>();
      });
  }

  const tracks = program.command('tracks').description('the operational picture: track history and replay');
  filters(
    tracks
      .command('list')
      .description('track reports in a window (default: the last hour), or the last of each track with --latest')
      .option('--from <time>', 'start of the window')
      .option('--to <time>', 'end of the window')
      .option('--latest', 'only the last report of each track'),
  ).action(
    action(async (services, out, options: Record<string, string | undefined> & { latest?: boolean }) => {
      const cop = services.cop;
      const now = services.clock.now();
      const { latest: _latest, ...given } = options;
      const query = queryOf({ from: addMs(now, -3_600_000), ...(given as Record<string, string | undefined>) });
      const points = options.latest
        ? await cop.lastPoints(SYSTEM_READER, query)
        : await cop.query(SYSTEM_READER, query);
      const rows = points.map((p) => [
        p.time,
        p.uid,
        p.type,
        p.callsign ?? '',
        p.lat.toFixed(5),
        p.lon.toFixed(5),
        p.source,
      ]);
      out.print(table(['time', 'uid', 'type', 'callsign', 'lat', 'lon', 'source'], rows), points);
    }),
  );

  filters(
    tracks
      .command('replay')
      .description('replay a window of history to a TAK server (or stdout as CoT XML) at a chosen speed')
      .requiredOption('--from <time>', 'start of the window')
      .requiredOption('--to <time>', 'end of the window')
      .option('--speed <x>', 'times real time', (v) => Number.parseFloat(v), 1)
      .option('--tak <host:port>', 'send to this TAK streaming TCP endpoint instead of stdout'),
  ).action(
    action(async (services, _out, options: Record<string, string | undefined> & { speed: number; tak?: string }) => {
      const cop = services.cop;
      const socket = options.tak ? await connectTak(options.tak) : undefined;
      const from = toInstant(options.from!, '--from');
      const shift = Date.now() - Date.parse(from);
      const sent = await cop.replay(
        SYSTEM_READER,
        { ...queryOf(options), from, to: toInstant(options.to!, '--to') },
        options.speed,
        (point) => {
          // TAK clients draw only fresh events, so the replayed ones are moved to the present, gaps kept.
          const moved = (t: Instant) => new Date(Date.parse(t) + shift / options.speed).toISOString();
          const event = {
            ...point.event,
            time: moved(point.event.time),
            start: moved(point.event.start),
            stale: moved(point.event.stale),
          };
          const xml = serializeCot(event, { declaration: true });
          if (socket) socket.write(xml);
          else process.stdout.write(`${xml}\n`);
        },
      );
      socket?.end();
      process.stderr.write(`replayed ${sent} reports\n`);
    }),
  );
}

/** The CLI on a local store file: its reader holds every byte of it already, so reads are not filtered. */
const SYSTEM_READER = SYSTEM;

function connectTak(endpoint: string): Promise<net.Socket> {
  const [host, portText] = endpoint.includes(':') ? endpoint.split(/:(?=\d+$)/) : ['127.0.0.1', endpoint];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(portText), host!, () => resolve(socket));
    socket.once('error', reject);
  });
}
