/**
 * Whether a course has an active goal both sides agreed (SPEC §3 C2), as the outcome rules need
 * it: "remission without a current goal" (SPEC §5.1). Goals are built by their own capability;
 * until they are stored, "no goal" means none recorded, so this answers false. The goals
 * capability replaces this body with a query of its own records — callers stay unchanged.
 */
import type { Deps } from './deps.ts';

export async function hasActiveAgreedGoal(_deps: Pick<Deps, 'store'>, _courseId: string): Promise<boolean> {
  return false;
}
