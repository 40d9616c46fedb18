import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import type { SecurityLabel } from '../../domain/security/label.js';

import type { Clock } from '../../services/clock.js';
import type { CopService } from '../../services/cop.js';
import { decodeMesh, TAK_MAGIC } from '../takproto.js';
import { parseCot } from '../xml.js';
import { type ConnectionOptions, type TakLog, TakConnection } from './connection.js';
import { certificatePrincipal, type ResolveUser, type TakIdentityConfig, type TakPrincipal } from './identity.js';

/** TAK's default ports: 8087 streaming TCP, 8089 streaming TLS; UDP input on 8087 (4242 is the other common one). */
export const TAK_DEFAULT_PORTS = Object.freeze({ tcp: 8087, tls: 8089, udp: 8087 });

export interface TakServerOptions {
  cop: CopService;
  clock: Clock;
  host?: string;
  /** A port number (0 picks a free one) or false for no listener. */
  tcpPort?: number | false;
  tlsPort?: number | false;
  udpPort?: number | false;
  /** PEM server key and certificate, and the CA that signs client certificates (mutual TLS). */
  tls?: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
  identity?: TakIdentityConfig;
  resolveUser?: ResolveUser;
  /** Who unauthenticated TCP and UDP senders act as, and the label their unmarked events get. */
  anonymous: TakPrincipal;
  /** The label a certificate client's unmarked events get when its groups map to none. */
  certificateDefaultLabel?: SecurityLabel;
  queueLimit?: number;
  highWaterBytes?: number;
  maxConsecutiveErrors?: number;
  log?: TakLog;
}

export interface TakAddresses {
  tcp?: number;
  tls?: number;
  udp?: number;
}

/**
 * The TAK server: streaming TCP and mutual-TLS listeners and a UDP input, all feeding one CopService. XML and
 * protobuf clients share it; each connection negotiates on its own.
 */
export class TakServer {
  private tcp: net.Server | undefined;
  private secure: tls.Server | undefined;
  private udp: dgram.Socket | undefined;
  private readonly connections = new Set<TakConnection>();
  private readonly connectionOptions: ConnectionOptions;
  private readonly log: TakLog;
  readonly addresses: TakAddresses = {};
  udpReceived = 0;
  udpRejected = 0;

  constructor(private readonly options: TakServerOptions) {
    this.log = options.log ?? (() => undefined);
    this.connectionOptions = {
      cop: options.cop,
      clock: options.clock,
      log: this.log,
      queueLimit: options.queueLimit ?? 1000,
      highWaterBytes: options.highWaterBytes ?? 256 * 1024,
      maxConsecutiveErrors: options.maxConsecutiveErrors ?? 50,
    };
  }

  get clients(): readonly TakConnection[] {
    return [...this.connections];
  }

  async start(): Promise<TakAddresses> {
    const host = this.options.host ?? '0.0.0.0';
    const {
      tcpPort = TAK_DEFAULT_PORTS.tcp,
      tlsPort = TAK_DEFAULT_PORTS.tls,
      udpPort = TAK_DEFAULT_PORTS.udp,
    } = this.options;
    if (tcpPort !== false) {
      this.tcp = net.createServer((socket) => this.accept(socket, this.options.anonymous, 'tcp'));
      this.addresses.tcp = await listen(this.tcp, tcpPort, host);
    }
    if (tlsPort !== false) {
      if (!this.options.tls) throw new Error('TAK TLS port given without a server key, certificate and client CA');
      this.secure = tls.createServer({ ...this.options.tls, requestCert: true, rejectUnauthorized: true });
      this.secure.on('secureConnection', (socket) => void this.acceptSecure(socket));
      this.secure.on('tlsClientError', (error, socket) => {
        this.log('tak.tls-refused', { client: socket.remoteAddress, reason: error.message });
        socket.destroy();
      });
      this.addresses.tls = await listen(this.secure, tlsPort, host);
    }
    if (udpPort !== false) {
      this.udp = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
      this.udp.on('message', (datagram, remote) => this.datagram(datagram, `udp:${remote.address}:${remote.port}`));
      this.udp.on('error', (error) => this.log('tak.udp-error', { reason: error.message }));
      await new Promise<void>((resolve) => this.udp!.bind(udpPort, host, resolve));
      this.addresses.udp = this.udp.address().port;
    }
    return this.addresses;
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.close('server stopping');
    await Promise.all([
      this.tcp && new Promise((resolve) => this.tcp!.close(resolve)),
      this.secure && new Promise((resolve) => this.secure!.close(resolve)),
      this.udp && new Promise<void>((resolve) => this.udp!.close(() => resolve())),
    ]);
  }

  private accept(socket: net.Socket, principal: TakPrincipal, transport: 'tcp' | 'tls'): void {
    const connection = new TakConnection(socket, principal, transport, this.connectionOptions);
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
    this.log('tak.connect', { client: connection.id, user: principal.actor.id });
    connection.start();
  }

  private async acceptSecure(socket: tls.TLSSocket): Promise<void> {
    socket.on('error', () => socket.destroy());
    const certificate = socket.getPeerCertificate();
    const principal =
      this.options.identity && this.options.resolveUser
        ? await certificatePrincipal(
            certificate,
            this.options.identity,
            this.options.resolveUser,
            this.options.cop.guard.policy,
            this.options.certificateDefaultLabel ?? this.options.anonymous.defaultLabel,
          ).catch((error: unknown) => {
            this.log('tak.identity-error', { reason: String(error) });
            return undefined;
          })
        : undefined;
    if (!principal) {
      this.log('tak.tls-refused', {
        client: socket.remoteAddress,
        reason: `no user for CN ${certificate.subject?.CN}`,
      });
      socket.destroy();
      return;
    }
    if (!socket.destroyed) this.accept(socket, principal, 'tls');
  }

  /** One UDP datagram: a mesh frame (0xbf, version, 0xbf, TakMessage) or a bare CoT XML event. */
  private datagram(datagram: Buffer, source: string): void {
    try {
      const event =
        datagram[0] === TAK_MAGIC ? decodeMesh(datagram, { source }).message.event : parseCot(datagram, { source });
      if (!event) return;
      const { actor, defaultLabel } = this.options.anonymous;
      this.options.cop.ingest(event, { id: source, actor, defaultLabel });
      this.udpReceived += 1;
    } catch (error) {
      this.udpRejected += 1;
      this.log('tak.reject', { client: source, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
