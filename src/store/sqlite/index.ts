export { type ChainLink, chainByRecursiveCte } from './chain.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
