/**
 * `npm run bench [-- name…]`: runs the benchmarks in one process, each printing its figures beside a baseline measured
 * in the same run. Names: force, plans, cot, interchange, web. Heavy ones can be run alone.
 */
const BENCHES: Record<string, () => Promise<{ run: (options?: Record<string, unknown>) => Promise<void> }>> = {
  force: () => import('./force.js'),
  interchange: () => import('./interchange.js'),
  plans: () => import('./plans.js'),
  cop: () => import('./cop.js'),
  web: () => import('./web.js'),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`unknown benchmark '${name}' (one of ${Object.keys(BENCHES).join(', ')})`);
    process.exit(2);
  }
  const bench = await load();
  await bench.run();
}
