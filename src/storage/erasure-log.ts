/**
 * The erasure log: one JSON line per erasure (client id, time, who), appended and flushed to
 * `erasures.log` beside the master key (mode 0600), outside the database, so that a restore of a
 * backup made before an erasure deletes that client's data key again (services/data-rights/erasure.ts
 * `reapplyErasures`). It holds no clinical content: ids and times only.
 */
import { appendFileSync, existsSync, readFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import type { ErasureEntry, ErasureLog } from '../services/ports.ts';

export function fileErasureLog(path: string): ErasureLog {
  return {
    append(e) {
      appendFileSync(path, `${JSON.stringify({ clientId: e.clientId, erasedAt: e.erasedAt, erasedBy: e.erasedBy })}\n`, { mode: 0o600 });
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    list() {
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .flatMap((l) => {
          try {
            const e = JSON.parse(l) as ErasureEntry;
            return typeof e.clientId === 'string' && typeof e.erasedAt === 'string' ? [e] : [];
          } catch {
            return []; // a torn last line (a crash while appending): the erasure itself is in the database
          }
        });
    },
  };
}
