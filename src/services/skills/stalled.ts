/**
 * The "practice stalled" sweep (SPEC §3 C5, C8): every active target whose client shares their
 * practice and has not practised for the practice's setting (14 days by default) raises one
 * alert in the therapist's inbox, with its evidence and a suggested conversation. The condition is
 * time passing, not a write, so it is not a follow-up of one: `accord serve` sweeps at start and
 * then hourly (`startStalledSweep`), and the demo sweeps at its own "now". Idempotent: an alert's
 * dedupe key names the day practice stopped, so sweeping again raises nothing new.
 */
import { stalledState } from '../../domain/skills/practice.ts';
import { stalledDraft } from '../../domain/skills/stalled.ts';
import type { TargetPlan } from '../../domain/skills/targets.ts';
import type { Deps } from '../deps.ts';
import { raiseAlert } from '../alerts/alerts.ts';
import { clientTexts } from '../clinical-text.ts';
import { getSkillsSettings } from './skills.ts';

/** Today in the practice's time zone. */
function dayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Raises the alerts of every stalled target now; returns their dedupe keys (those newly raised). */
export async function sweepStalledPractice(deps: Deps): Promise<string[]> {
  const practice = await deps.store.findPractice();
  if (!practice) return [];
  const { stalledDays } = await getSkillsSettings(deps);
  const today = dayIn(practice.timeZone, deps.clock.now());
  const raised: string[] = [];
  const sharing = new Map<string, boolean>();
  for (const { target, lastPractisedOn, total } of await deps.store.listActiveTargetSummaries()) {
    if (!target.activeSince) continue;
    const state = stalledState(target.activeSince, lastPractisedOn ?? undefined, today, stalledDays);
    if (!state.stalled) continue;
    // SPEC §2: without the client's sharing the therapist learns nothing of their practice, its absence included.
    if (!sharing.has(target.clientId)) sharing.set(target.clientId, (await deps.store.findSkillsSharing(target.clientId))?.shared ?? false);
    if (!sharing.get(target.clientId)) continue;
    const [client, course] = await Promise.all([deps.store.findClient(target.clientId), deps.store.findCourse(target.courseId)]);
    if (!client || client.status === 'archived' || !course || course.status === 'ended') continue;
    const texts = await clientTexts(deps, client.id);
    const plan = JSON.parse(texts.open({ table: 'skill_targets', id: target.id, field: 'plan' }, target.planEnc)) as TargetPlan;
    const draft = stalledDraft(
      { id: target.id, courseId: target.courseId, skillName: plan.skillName, targetCount: target.targetCount, activeSince: target.activeSince },
      state,
      { total, lastPractisedOn: lastPractisedOn ?? undefined },
      stalledDays,
    );
    if (!draft) continue;
    const r = await raiseAlert(deps, draft, { clientId: client.id, therapistId: client.therapistId });
    if (r.created) raised.push(draft.dedupeKey);
  }
  return raised;
}

/** Under `accord serve`: sweeps at once and then every `everyMs` (an hour by default); returns a stop function. */
export function startStalledSweep(
  deps: Deps,
  opts: { everyMs?: number; onError?: (err: unknown) => void; onRun?: (raised: string[]) => void } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepStalledPractice(deps)
      .then(
        (r) => opts.onRun?.(r),
        (err: unknown) => opts.onError?.(err),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs ?? 3_600_000);
  timer.unref();
  setImmediate(tick);
  return async () => {
    clearInterval(timer);
    if (running) await running;
  };
}
