import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes .br and .gz beside each text asset; the server's static plugin sends them to clients that accept them. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'c2-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|json|html|svg)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const data = await readFile(join(outDir, file));
          if (data.length < 1024) return;
          const [br, gzipped] = await Promise.all([
            brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
            gz(data, { level: 9 }),
          ]);
          await Promise.all([
            writeFile(join(outDir, `${file}.br`), br),
            writeFile(join(outDir, `${file}.gz`), gzipped),
          ]);
        }),
      );
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP allows scripts from 'self' only: no inline preload polyfill.
    modulePreload: { polyfill: false },
    // milsymbol (every symbol set) and zod (the marking policy) sit in the entry chunk; the map is split off already.
    chunkSizeWarningLimit: 1600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
