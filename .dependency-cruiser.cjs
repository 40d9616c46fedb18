/** Dependencies point inward only: domain <- services <- adapters (api, cli, cot, federation, store, bus). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds pure rules: it may import only domain/ and pure libraries, never an adapter, a service or node I/O',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { path: '^src/(services|store|bus|api|cli|cot|federation|interchange)|^(fs|net|tls|dgram|http|https|child_process|node:fs|node:net|node:tls|node:dgram|node:http|node:https|node:child_process)$|better-sqlite3|^pg$|nats|fastify' },
    },
    {
      name: 'services-use-ports-not-adapters',
      comment: 'services/ talk to store/ and bus/ through their port modules, never to one adapter',
      severity: 'error',
      from: { path: '^src/services' },
      to: { path: '^src/(api|cli|cot|federation)|^src/store/(sqlite|postgres)|^src/bus/(memory|nats)' },
    },
    {
      name: 'store-and-bus-below-services',
      comment: 'store/ and bus/ adapters know the domain, never the services or edge adapters',
      severity: 'error',
      from: { path: '^src/(store|bus)' },
      to: { path: '^src/(services|api|cli|cot|federation)' },
    },
    {
      name: 'interchange-is-translation-only',
      comment: 'format converters translate documents; they never reach storage, services or the network',
      severity: 'error',
      from: { path: '^src/interchange' },
      to: { path: '^src/(services|store|bus|api|cli|federation)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // TypeScript 7's package has no compiler API, so dependency-cruiser parses with swc.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
