/**
 * Builds the browser app (src/web) into dist/web, which `accord serve` hosts. JSX goes through
 * Vite's own oxc transform with React's automatic runtime, so no framework plugin is needed.
 * The bundle holds no inline scripts or styles: the server's CSP forbids them.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
