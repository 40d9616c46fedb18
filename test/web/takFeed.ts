import net from 'node:net';

/** A position report as CoT XML (TAK protocol version 0, what a TAK client streams over TCP). */
export interface Position {
  uid: string;
  type: string;
  lat: number;
  lon: number;
  callsign?: string;
  course?: number;
  speed?: number;
}

export function cotXml(p: Position, now: Date, staleSeconds = 120): string {
  const time = now.toISOString();
  const stale = new Date(now.getTime() + staleSeconds * 1000).toISOString();
  const contact = p.callsign ? `<contact callsign="${p.callsign}"/>` : '';
  const track = p.course !== undefined ? `<track course="${p.course}" speed="${p.speed ?? 0}"/>` : '';
  return (
    `<event version="2.0" uid="${p.uid}" type="${p.type}" how="m-g" time="${time}" start="${time}" stale="${stale}">` +
    `<point lat="${p.lat.toFixed(6)}" lon="${p.lon.toFixed(6)}" hae="0" ce="10" le="10"/>` +
    `<detail>${contact}${track}</detail></event>`
  );
}

/** A TCP connection to the server's TAK streaming port, writing reports with back-pressure. */
export interface TakFeed {
  send(positions: readonly Position[], now?: Date): Promise<void>;
  close(): Promise<void>;
}

export function connectTak(port: number, host = '127.0.0.1'): Promise<TakFeed> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => {
      socket.off('error', reject);
      // The server streams the picture back to every client; read and drop it, or its send queue to us overflows.
      socket.on('data', () => {});
      resolve({
        send: (positions, now = new Date()) =>
          new Promise<void>((done) => {
            const text = positions.map((p) => cotXml(p, now)).join('');
            if (socket.write(text)) done();
            else socket.once('drain', done);
          }),
        close: () =>
          new Promise<void>((done) => {
            // The server may reset a connection it is still writing to once we hang up: that is the end we asked for.
            socket.on('error', () => {});
            socket.end(done);
          }),
      });
    });
    socket.once('error', reject);
  });
}

/** A deterministic number in [0, 1) for `n` (a 32-bit integer hash), so every run draws the same swarm. */
function unit(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

/** `count` tracks spread over Japan's seas, each moving along its own circle: position at second `t`. */
export function swarm(count: number, t: number): Position[] {
  const out: Position[] = [];
  const types = ['a-f-S-C', 'a-h-S-C', 'a-f-A-M-F', 'a-h-A-M-F', 'a-n-S-C', 'a-u-S'];
  for (let i = 0; i < count; i++) {
    const cx = 123 + 23 * unit(i * 2 + 1);
    const cy = 24 + 20 * unit(i * 2 + 2);
    const angle = (i % 360) * (Math.PI / 180) + t * 0.02;
    out.push({
      uid: `SWARM-${i}`,
      type: types[i % types.length]!,
      lat: cy + 0.3 * Math.sin(angle),
      lon: cx + 0.3 * Math.cos(angle),
      callsign: `T${i}`,
      course: Math.round(((angle * 180) / Math.PI + 90) % 360),
      speed: 10,
    });
  }
  return out;
}
