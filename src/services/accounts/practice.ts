/** The practice's own settings: name, time zone, crisis information, second-factor rules, escalation delay. */
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import type { PracticeRow } from '../ports.ts';
import { isTimeZone } from './setup.ts';

/** The practice, or undefined before first-run set-up. */
export async function findPractice(deps: Pick<Deps, 'store'>): Promise<PracticeRow | undefined> {
  return deps.store.findPractice();
}

/** The practice; not_found before first-run set-up. */
export async function getPractice(deps: Pick<Deps, 'store'>): Promise<PracticeRow> {
  const p = await deps.store.findPractice();
  if (!p) throw new DomainError('not_found', 'The practice has not been set up yet.');
  return p;
}

export type PracticePatch = Partial<
  Pick<
    PracticeRow,
    'name' | 'timeZone' | 'locale' | 'crisisInfo' | 'requireMfaStaff' | 'requireMfaAdmin' | 'escalationMinutes' | 'processNoteReauthMinutes' | 'notesRevealDays'
  >
>;

/** Changes the practice's settings (the admin); an unknown time zone is refused before anything is read. */
export async function updatePracticeSettings(deps: Pick<Deps, 'store'>, patch: PracticePatch): Promise<PracticeRow> {
  if (patch.timeZone && !isTimeZone(patch.timeZone)) throw new DomainError('invalid_input', `Unknown time zone: ${patch.timeZone}`, { field: 'timeZone' });
  const p = await getPractice(deps);
  await deps.store.updatePractice(p.id, patch);
  return p;
}
