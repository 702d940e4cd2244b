/**
 * The unit of work and its follow-ups: the one way work that follows a write is run — the
 * alliance recompute of a course (snapshots, phase history, the alerts of its findings) and the
 * outcome check a response owes (measures/outcome-checks.ts). A use case never calls another use
 * case for it: it queues a follow-up on `deps.after`; the unit of work commits, then runs each
 * queued follow-up once (a recompute deduplicated per course: a request that writes three records
 * of one course recomputes it once; an outcome check per response). Under `accord serve` the
 * follow-ups run shortly after the answer (background.ts); elsewhere (the CLI, the demo, services
 * called directly) the unit of work runs them before it returns.
 *
 * What must never be lost is NOT only a follow-up: a safety answer's alert is decided and written
 * in the submission's own transaction, and so is the outcome check a response owes (a row of
 * outcome_checks), which stays until the follow-up that decides it deletes it in the transaction
 * that stores its alerts; a check a dead process left is decided at the next start
 * (`runOwedOutcomeChecks`).
 *
 * If the process dies between the commit and a follow-up (or the follow-up fails), only derived
 * data is late, and all of it is re-derived: every follow-up is idempotent (snapshots are keyed
 * by session and fingerprinted by their inputs, phase changes are recorded only when they differ
 * from the last one, alerts are raised once per dedupe key); the alliance snapshots are
 * recomputed lazily on read when their inputs moved (`ensureSnapshots` in every read path); and
 * the findings' alerts (misalliance, magical hopes persisting, diverging expectations,
 * attendance, remission once a goal closes) are re-checked by the next recompute of that course
 * — any later write to it — or at once, for every open course, by `recheckAlliance`.
 */
import type { Deps } from './deps.ts';
import type { CourseRows } from './alliance/alliance-records.ts';
import { recomputeAlliance } from './alliance/alliance.ts';
import { decideOutcomeCheck } from './measures/outcome-checks.ts';

/**
 * Work queued by a write, run after its commit. `known`: rows the use case already loaded in
 * its transaction (with its own write applied), so the recompute does not read them again.
 */
export type FollowUp =
  | { kind: 'alliance'; courseId: string; known?: Partial<CourseRows> }
  /** A response's outcome check (measures/outcome-checks.ts), owed in the table until decided. */
  | { kind: 'outcome'; courseId: string; responseId: string };

/** One entry per course's recompute, one per response's outcome check. */
export const followUpKey = (f: FollowUp): string => (f.kind === 'outcome' ? `outcome:${f.responseId}` : `alliance:${f.courseId}`);

/** What a follow-up did that its write reports (the dedupe keys of the alerts it raised). */
export type FollowUpResult = { alertsRaised: string[] };

type Queued = { followUp: FollowUp; onDone: ((r: FollowUpResult) => void) | undefined };

/** The follow-ups of one unit of work, one per kind and course. */
export class FollowUps {
  private readonly queued = new Map<string, Queued>();

  /**
   * Queues a follow-up; queued again for the same course, it still runs once. The later entry
   * wins: its known rows were loaded after the earlier write, and a later write that knows no
   * rows makes the recompute load them all. `onDone` hears the result (only the latest asker's,
   * so a batch reports the follow-up once, on the write after which it ran).
   */
  queue(followUp: FollowUp, onDone?: (r: FollowUpResult) => void): void {
    const key = followUpKey(followUp);
    const previous = this.queued.get(key);
    this.queued.delete(key);
    this.queued.set(key, { followUp, onDone: onDone ?? previous?.onDone });
  }

  get size(): number {
    return this.queued.size;
  }

  /** Takes every queued follow-up out (for the Background, which runs them later; their `onDone` is not called). */
  drain(): FollowUp[] {
    const out = [...this.queued.values()].map((q) => q.followUp);
    this.queued.clear();
    return out;
  }

  /**
   * Runs every queued follow-up once, after the commit, with `deps` outside any transaction.
   * A failing follow-up does not fail the write it follows (that is committed): what it would have
   * derived is re-derived as the file comment says.
   */
  async run(deps: Deps): Promise<void> {
    while (this.queued.size) {
      const [key, q] = this.queued.entries().next().value as [string, Queued];
      this.queued.delete(key);
      let result: FollowUpResult;
      try {
        result = await performFollowUp(deps, q.followUp);
      } catch (err) {
        deps.onLateError?.(`follow-up ${q.followUp.kind}`, err);
        continue;
      }
      q.onDone?.(result);
    }
  }
}

/** Runs one follow-up (here, or later by the Background). */
export async function performFollowUp(deps: Deps, f: FollowUp): Promise<FollowUpResult> {
  if (f.kind === 'outcome') return decideOutcomeCheck(deps, f.responseId);
  const r = await recomputeAlliance(deps, f.courseId, f.known);
  return { alertsRaised: r.alertsRaised };
}

/**
 * Runs `fn` as one unit of work: one transaction (the audit log's when `audited`, so the events
 * recorded on `d.audit` commit with the write), then the follow-ups it queued on `d.after`, once,
 * after the commit — here, before returning, or, when `deps.background` is set (`accord serve`),
 * handed to it to run shortly after the answer (background.ts). `oneWrite`: `fn` makes a single write, which commits on its own, so no
 * transaction is opened around it. Inside an outer unit of work (`deps.after` set: the HTTP
 * pipeline's) `fn` simply joins it, and the outer one runs the follow-ups after its own commit.
 */
export async function unitOfWork<T>(
  deps: Deps,
  fn: (d: Deps & { after: FollowUps }) => Promise<T>,
  opts: { audited?: boolean; oneWrite?: boolean } = {},
): Promise<T> {
  if (deps.after) return fn(deps as Deps & { after: FollowUps });
  const after = new FollowUps();
  const result = opts.audited
    ? await deps.audit.transaction((tx, audit) => fn({ ...deps, store: tx, audit, after }))
    : opts.oneWrite
      ? await fn({ ...deps, after })
      : await deps.store.transaction((tx) => fn({ ...deps, store: tx, after }));
  if (deps.background) deps.background.take(after);
  else await after.run(deps);
  return result;
}

/**
 * Re-checks every open course's alliance now: the follow-ups a dead process never ran, at once
 * rather than at the next write of each course. Idempotent (a course whose snapshots, phase and
 * alerts are up to date is read and nothing is written); returns the dedupe keys of the alerts
 * it raised. For start-up or an operator's command.
 */
export async function recheckAlliance(deps: Deps): Promise<string[]> {
  const practice = await deps.store.findPractice();
  if (!practice) return [];
  const clients = await deps.store.listClients(practice.id, {});
  const courses = (await deps.store.listCoursesOfClients(clients.map((c) => c.id))).filter((c) => c.status !== 'ended');
  const raised: string[] = [];
  for (const course of courses) raised.push(...(await recomputeAlliance(deps, course.id)).alertsRaised);
  return raised;
}
