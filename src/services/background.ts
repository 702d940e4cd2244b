/**
 * Follow-ups after the answer (`accord serve`): the alliance recompute and the outcome checks a
 * write queues run in this process shortly after the request has answered, not inside it. The
 * write's own transaction already holds everything that must never wait or be lost — the record,
 * its audit event, the safety alert it raises, and the outcome check it owes (kept in its table
 * until decided, measures/outcome-checks.ts) — so what is left is idempotent: derived data,
 * re-derivable (unit-of-work.ts), and checks that are decided exactly once.
 *
 * - **Coalesced per course**: a course's recompute (and each outcome check, keyed by its response) waits until its writes have settled for
 *   `settleMs` (at most `maxWaitMs` after the first), so a burst — a session's several records, an
 *   import, a busy portal — costs one recompute, run over everything the burst wrote.
 * - **One at a time**, each read fresh from the store (rows a request loaded may be older than the
 *   burst's last write), and yielding to requests between runs.
 * - **Durable by re-derivation**: a process stopped with follow-ups still waiting (kill -9, a crash)
 *   leaves only derived data late and outcome checks owed: `runOwedOutcomeChecks` decides those,
 *   then `recheckAlliance` re-derives every open course, when Accord starts; a graceful stop runs what waits first (`close`). Each instance runs the follow-ups of
 *   the writes it answered; with several instances on PostgreSQL a course's recompute may run on
 *   two of them, which the recompute's idempotence (snapshots keyed by session, alerts by dedupe key,
 *   phase changes only when they differ) makes harmless.
 * - A failing follow-up is reported to `deps.onLateError` (its kind, never its message) and the
 *   others still run; a failed outcome check stays owed and is tried again by `accord serve`'s
 *   five-minute sweep (main.ts).
 *
 * Without a Background (services called directly, the CLI, the demo, most tests) a unit of work
 * runs its follow-ups itself before it returns, as before.
 */
import type { Deps } from './deps.ts';
import type { FollowUp, FollowUps } from './unit-of-work.ts';
import { followUpKey, performFollowUp } from './unit-of-work.ts';

type Waiting = { followUp: FollowUp; firstAt: number; lastAt: number };

export class Background {
  readonly #waiting = new Map<string, Waiting>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly deps: () => Deps,
    readonly settleMs = 250,
    readonly maxWaitMs = 2_000,
  ) {}

  /** Takes the follow-ups a unit of work queued; they run after their course has settled. */
  take(followUps: FollowUps): void {
    const now = performance.now();
    for (const f of followUps.drain()) {
      const key = followUpKey(f);
      const w = this.#waiting.get(key);
      // Rows a request loaded are not handed on: the run reads the course as it is by then.
      const followUp: FollowUp = f.kind === 'alliance' ? { kind: f.kind, courseId: f.courseId } : f;
      this.#waiting.set(key, w ? { ...w, lastAt: now } : { followUp, firstAt: now, lastAt: now });
    }
    if (this.#closed) void this.settle();
    else this.#schedule();
  }

  /** How many follow-ups wait. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Runs every waiting follow-up now, and resolves when none is left (tests, a graceful stop). */
  async settle(): Promise<void> {
    for (;;) {
      if (this.#running) await this.#running;
      else if (this.#waiting.size) await this.#run(() => true);
      else return;
    }
  }

  /** Runs what waits and stops scheduling: later follow-ups run at once. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.settle();
  }

  #due(w: Waiting, now: number): boolean {
    return now - w.lastAt >= this.settleMs || now - w.firstAt >= this.maxWaitMs;
  }

  #schedule(): void {
    if (this.#timer || this.#running || !this.#waiting.size) return;
    const now = performance.now();
    let wait = Infinity;
    for (const w of this.#waiting.values()) wait = Math.min(wait, Math.max(0, Math.min(w.lastAt + this.settleMs, w.firstAt + this.maxWaitMs) - now));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run((w) => this.#due(w, performance.now())).then(() => this.#schedule());
    }, Math.ceil(wait));
    this.#timer.unref();
  }

  #run(which: (w: Waiting) => boolean): Promise<void> {
    const running = (async () => {
      for (;;) {
        const next = [...this.#waiting].find(([, w]) => which(w));
        if (!next) return;
        this.#waiting.delete(next[0]);
        try {
          await performFollowUp(this.deps(), next[1].followUp);
        } catch (err) {
          this.deps().onLateError?.(`follow-up ${next[1].followUp.kind}`, err);
        }
        // Requests that arrived meanwhile are answered before the next run.
        await new Promise<void>((r) => setImmediate(r));
      }
    })();
    this.#running = running.finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }
}
