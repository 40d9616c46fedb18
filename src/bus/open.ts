import { MemoryBus } from './memory/index.js';
import { openNatsBus } from './nats/index.js';
import type { Bus } from './port.js';

export interface OpenBusOptions {
  /** NATS only: the JetStream stream (default 'C2') and subject prefix (default 'c2'). */
  stream?: string;
  namespace?: string;
}

/** Opens a bus from a location: `memory:` (or empty) → in-process; `nats://…` (comma-separated servers) → JetStream. */
export async function openBus(location = 'memory:', options: OpenBusOptions = {}): Promise<Bus> {
  if (location === '' || location === 'memory:') return new MemoryBus();
  if (/^(nats|tls):\/\//.test(location)) {
    return openNatsBus({
      servers: location.split(','),
      stream: options.stream ?? 'C2',
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
  }
  throw new Error(`cannot open a bus at '${location}'`);
}
