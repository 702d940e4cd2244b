/**
 * Measures what the browser downloads: builds the web app (into a temporary folder, with Vite's
 * manifest) and prints, as one JSON object, the gzip size of the JavaScript each audience needs
 * for its first screen, and every chunk's raw, gzip and brotli size.
 *
 *   node --import tsx scripts/bundle-sizes.ts          build, measure, print JSON
 *
 * An audience's first screen is the HTML entry's chunk plus the page it lands on (a lazy route),
 * each with everything it imports statically — what the browser fetches before it can draw:
 * - `portal_js_gzip_kb`: a client on their portal (/portal, src/web/pages/portal.tsx);
 * - `app_js_gzip_kb`: a therapist on their caseload (/clients, src/web/pages/caseload.tsx).
 * Chunks loaded later (other pages, the charts) are listed but not counted. Sizes are in kB
 * (1,000 bytes), gzip at level 9 — the level the build's precompressed files use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

/** One record of Vite's build manifest (.vite/manifest.json), keyed by source path under src/web. */
type ManifestChunk = { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };
type Manifest = Record<string, ManifestChunk>;

export type ChunkSize = { file: string; src: string | null; kind: 'entry' | 'lazy' | 'shared' | 'css'; raw_kb: number; gzip_kb: number; brotli_kb: number };
export type BundleSizes = { portal_js_gzip_kb: number; app_js_gzip_kb: number; portal_files: string[]; app_files: string[]; chunks: ChunkSize[] };

/** The landing page of each audience, as Vite's manifest names it (relative to src/web). */
export const FIRST_SCREENS = { portal: 'pages/portal.tsx', app: 'pages/caseload.tsx' } as const;

const REPO = resolve(import.meta.dirname, '..');
const kb = (bytes: number) => Math.round(bytes / 10) / 100;

/** The manifest keys a browser loads for `keys`: each with its static imports, transitively. */
function closure(manifest: Manifest, keys: string[]): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return [...seen];
}

/** Measures an already-built folder that holds `.vite/manifest.json`. */
export function measureBuilt(outDir: string): BundleSizes {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
  const sizeOf = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const bytes = readFileSync(join(outDir, file));
      s = {
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
      sizes.set(file, s);
    }
    return s;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the build manifest names no entry');
  // A page that is not a chunk of its own is imported statically, so it is inside the entry's closure.
  const firstScreen = (page: string) => {
    const files = closure(manifest, manifest[page] ? [entry, page] : [entry])
      .map((k) => manifest[k]!.file)
      .filter((f) => f.endsWith('.js'));
    return { files, gzip: kb(files.reduce((sum, f) => sum + sizeOf(f).gzip, 0)) };
  };
  const portal = firstScreen(FIRST_SCREENS.portal);
  const app = firstScreen(FIRST_SCREENS.app);

  const chunks: ChunkSize[] = [];
  const css = new Set<string>();
  for (const chunk of Object.values(manifest)) {
    // A style sheet shared by several chunks has a record of its own; it is listed below with the rest.
    if (!chunk.file.endsWith('.js')) {
      css.add(chunk.file);
      continue;
    }
    const s = sizeOf(chunk.file);
    const kind = chunk.isEntry ? 'entry' : chunk.isDynamicEntry ? 'lazy' : 'shared';
    chunks.push({ file: chunk.file, src: chunk.src ?? null, kind, raw_kb: kb(s.raw), gzip_kb: kb(s.gzip), brotli_kb: kb(s.brotli) });
    for (const c of chunk.css ?? []) css.add(c);
  }
  for (const file of css) {
    const s = sizeOf(file);
    chunks.push({ file, src: null, kind: 'css', raw_kb: kb(s.raw), gzip_kb: kb(s.gzip), brotli_kb: kb(s.brotli) });
  }
  chunks.sort((a, b) => b.gzip_kb - a.gzip_kb);
  return { portal_js_gzip_kb: portal.gzip, app_js_gzip_kb: app.gzip, portal_files: portal.files, app_files: app.files, chunks };
}

/** Builds the web app with the project's Vite config (precompression included) into `outDir`, with Vite's manifest. */
export async function buildWeb(outDir: string): Promise<void> {
  // Vite (and the libraries through it) build for production only when NODE_ENV says so or is
  // unset; a test runner sets it to 'test', which would measure development builds.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(REPO, 'vite.config.ts'),
      root: join(REPO, 'src/web'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds the web app into a temporary folder and measures it. */
export async function measureBundles(): Promise<BundleSizes> {
  const outDir = mkdtempSync(join(tmpdir(), 'accord-bundle-'));
  try {
    await buildWeb(outDir);
    return measureBuilt(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await measureBundles(), null, 2));
}
