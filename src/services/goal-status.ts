/**
 * Whether a course has an active goal both sides agreed (SPEC §3 C2), as the outcome rules need
 * it: "remission without a current goal" (SPEC §5.1). Answered from the goals of the alliance
 * ledger: a goal in the 'agreed' state (agreed by the other side, not yet achieved, revised or
 * dropped). Reads states only; no sealed text is opened.
 */
import type { Deps } from './deps.ts';

export async function hasActiveAgreedGoal(deps: Pick<Deps, 'store'>, courseId: string): Promise<boolean> {
  return (await deps.store.listGoals(courseId)).some((g) => g.state === 'agreed');
}
