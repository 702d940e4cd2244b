/**
 * Handlers only call: the request pipeline (route.ts) authenticates, decides from POLICY and writes
 * the audit trail; everything else in src/http calls services and presents their results. These
 * checks read the source, so pipeline work creeping back into a handler fails here, by file and line.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const HTTP = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Lines of the files under `dir` (outside tests) that match `pattern`, as "file:line: text". */
function offending(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(HTTP, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('handlers only call', () => {
  const all = sources(HTTP);
  const handlers = all.filter((f) => f !== join(HTTP, 'route.ts'));

  it('finds the files it checks', () => {
    expect(all.some((f) => f.endsWith('route.ts'))).toBe(true);
    expect(handlers.filter((f) => f.includes('/routes/')).length).toBeGreaterThan(5);
  });

  it('http never touches the store (services do)', () => {
    expect(offending(all, /\.store\b|\bstore\s*\./)).toEqual([]);
  });

  it('only the pipeline writes or reads the audit trail', () => {
    expect(offending(handlers, /\baudit\.(record|list|transaction)\b|deps\.audit\b/)).toEqual([]);
  });

  it('access is refused only by the pipeline, from POLICY', () => {
    expect(offending(handlers, /DomainError\(\s*'(forbidden|unauthenticated)'/)).toEqual([]);
  });

  it('no handler guards the signed-in caller itself (the pipeline hands it over)', () => {
    expect(offending(handlers, /\bneed\(|signedIn\?\./)).toEqual([]);
  });
});
