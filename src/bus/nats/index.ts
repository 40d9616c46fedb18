export { NatsBus, type NatsBusOptions, openNatsBus } from './nats-bus.js';
