export { MemoryBus, type MemoryBusOptions } from './memory-bus.js';
