import { config } from 'zod';

// The domain's policy schemas use zod, whose JIT compiles validators with `new Function`; the page's CSP forbids eval,
// so switch zod to its interpreter before any schema runs (this module is imported first).
config({ jitless: true });
