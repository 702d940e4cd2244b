/**
 * Builds the browser app (src/web) into dist/web, which `accord serve` hosts. JSX goes through
 * Vite's own oxc transform with React's automatic runtime, so no framework plugin is needed.
 * The bundle holds no inline scripts or styles: the server's CSP forbids them.
 *
 * The app is written against React's API (and type-checked with React's types), but the browser
 * gets Preact through its compatibility layer: about 11 kB gzip where React DOM weighs 60, which
 * is what lets a client's portal load on a phone within 50 kB (issue 10). The app uses only hooks,
 * context, lazy/Suspense and createRoot, all of which preact/compat provides.
 *
 * Every text file of the build is also written gzip- and brotli-compressed beside itself
 * (`x.js.gz`, `x.js.br`), once, at the highest levels: the server sends those to browsers that
 * accept them (@fastify/static's `preCompressed`) instead of compressing on every request.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/** What compresses well; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

function precompress(): Plugin {
  return {
    name: 'accord:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir!;
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const raw = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        const gzip = gzipSync(raw, { level: 9 });
        const brotli = brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        // A variant no smaller than the file is left out; the server then falls back to the file.
        if (gzip.length < raw.length) writeFileSync(join(dir, `${fileName}.gz`), gzip);
        if (brotli.length < raw.length) writeFileSync(join(dir, `${fileName}.br`), brotli);
      }
    },
  };
}

export default defineConfig({
  root: 'src/web',
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: {
    // Exact names only (so 'react-dom/client' is not caught by 'react-dom'); most specific first.
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react$/, replacement: 'preact/compat' },
    ],
  },
  plugins: [precompress()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The framework in a chunk of its own: every screen needs it, and it changes far less often than
    // the app, so browsers keep it (immutable) across most releases.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'preact', test: /node_modules[\\/]preact[\\/]/ }] } } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
