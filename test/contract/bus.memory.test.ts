import { MemoryBus } from '../../src/bus/memory/index.js';
import { describeBusContract } from './bus.contract.js';

describeBusContract('memory', async () => new MemoryBus());
