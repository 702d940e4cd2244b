/**
 * First run: creating the practice and its admin, either from the web page behind the one-time
 * set-up link or from `accord init`.
 */
import { DEFAULT_LOCALE, PRACTICE_LOCALES } from '../../domain/locale.ts';
import type { PracticeLocale } from '../../domain/locale.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { tokenHash } from './tokens.ts';
import { notesDefaults } from '../../domain/notes/settings.ts';

const SETUP_KEY = 'setup_token_hash';

export const DEFAULT_CRISIS_INFO =
  'If you are in danger or thinking about ending your life, please call your local emergency number now. ' +
  'You can also contact a crisis line at any hour. Your therapist will see your answers, but not straight away.';

export async function needsSetup(deps: Pick<Deps, 'store'>): Promise<boolean> {
  return (await deps.store.findPractice()) === undefined;
}

/** Issues a fresh one-time set-up token (printed by `accord serve` on first run). */
export async function issueSetupToken(deps: Pick<Deps, 'store' | 'ids'>): Promise<string | null> {
  if (!(await needsSetup(deps))) return null;
  const token = deps.ids.token();
  await deps.store.setMeta(SETUP_KEY, tokenHash(token));
  return token;
}

export type SetupInput = {
  practiceName: string;
  timeZone: string;
  /** How dates and times are written; DEFAULT_LOCALE when not given. */
  locale?: PracticeLocale | undefined;
  adminEmail: string;
  adminName: string;
  password: string;
  /** The one-time token from the set-up link; the CLI passes null (it runs on the machine itself). */
  token: string | null;
  /**
   * A solo practice: the admin is also its therapist. Given here, at creation, it widens nobody's
   * access (there are no clients yet); given later it is a self-grant (see access-grants.ts).
   */
  alsoTherapist?: boolean | undefined;
  /**
   * Every staff member must set up a second factor (SPEC §7: MFA for staff). On unless asked
   * otherwise: a new practice starts safe. (Practices made before this setting existed keep theirs.)
   */
  requireSecondFactor?: boolean | undefined;
  /** The practice's crisis information (whom a client in crisis should call); a general default when not given. */
  crisisInfo?: string | undefined;
};

export async function createPractice(deps: Deps, input: SetupInput): Promise<{ practiceId: string; adminId: string }> {
  const verdict = checkPassword(input.password, [input.adminEmail, input.adminName, input.practiceName]);
  if (!verdict.ok) throw new DomainError('weak_password', verdict.message, { reason: verdict.reason });
  if (!isTimeZone(input.timeZone)) throw new DomainError('invalid_input', `Unknown time zone: ${input.timeZone}`, { field: 'timeZone' });
  if (input.locale !== undefined && !(PRACTICE_LOCALES as readonly string[]).includes(input.locale))
    throw new DomainError('invalid_input', `Unknown locale: ${String(input.locale)} (one of ${PRACTICE_LOCALES.join(', ')})`, { field: 'locale' });
  const passwordHash = await deps.hasher.hash(input.password);
  const now = iso(deps.clock.now());
  // The practice and its audit event commit together.
  return deps.audit.transaction(async (tx, audit) => {
    if (await tx.findPractice()) throw new DomainError('setup_done', 'This Accord already has a practice.');
    if (input.token !== null) {
      const expected = await tx.getMeta(SETUP_KEY);
      if (!expected || expected !== tokenHash(input.token))
        throw new DomainError('invite_invalid', 'This set-up link is not valid. Restart Accord to get a new one.');
    }
    const practiceId = deps.ids.newId();
    const adminId = deps.ids.newId();
    await tx.insertPractice({
      id: practiceId,
      name: input.practiceName,
      timeZone: input.timeZone,
      locale: input.locale ?? DEFAULT_LOCALE,
      crisisInfo: input.crisisInfo ?? DEFAULT_CRISIS_INFO,
      requireMfaStaff: input.requireSecondFactor ?? true,
      requireMfaAdmin: true,
      escalationMinutes: 60,
      processNoteReauthMinutes: 5,
      notesRevealDays: notesDefaults.revealAfterDays,
      createdAt: now,
    });
    await tx.insertUser({
      id: adminId,
      practiceId,
      email: input.adminEmail,
      displayName: input.adminName,
      passwordHash,
      roles: input.alsoTherapist ? ['admin', 'therapist'] : ['admin'],
      status: 'active',
      clientId: null,
      totpSecret: null,
      totpLastStep: null,
      mfaEnabled: false,
      createdAt: now,
      updatedAt: now,
    });
    await tx.setMeta(SETUP_KEY, '');
    await audit.record({
      actorId: adminId,
      actorRole: 'admin',
      action: 'practice.create',
      resourceType: 'practice',
      resourceId: practiceId,
      clientId: null,
      outcome: 'ok',
      ip: null,
      detail: null,
    });
    return { practiceId, adminId };
  });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
