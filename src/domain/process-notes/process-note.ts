/**
 * Process notes (SPEC §2, C6; issue 11): the therapist's private notes about a session — their
 * own reactions, hypotheses, what they mean to take to supervision. They are the strictest
 * boundary of the record: only the author opens them, after a recent re-authentication; a
 * supervisor reads them only under a per-client training grant the author gave, which expires
 * and can be revoked. (The US HIPAA Privacy Rule gives "psychotherapy notes" kept apart from the
 * record the same shape: 45 CFR §164.501, §164.508(a)(2).)
 *
 * Pure rules: the text's limits, how fresh a re-authentication must be, and what a grant may be.
 */
import type { Result } from '../errors.ts';

/** The longest process note accepted (characters): a few pages, as a session's private notes are. */
export const PROCESS_NOTE_MAX_CHARS = 20_000;
/** The longest a training grant may run: one supervision term (90 days). Longer needs a new grant. */
export const GRANT_MAX_DAYS = 90;
/** The practice's default for how recent a re-authentication must be to open a process note. */
export const DEFAULT_REAUTH_MINUTES = 5;

/** A note's text after trimming, or why it cannot be kept (empty, or over the limit). */
export function checkNoteText(text: string): Result<string, 'empty' | 'too_long'> {
  const t = text.trim();
  if (!t) return { ok: false, reason: 'empty', message: 'Write something first: an empty process note is not kept.' };
  if (t.length > PROCESS_NOTE_MAX_CHARS)
    return {
      ok: false,
      reason: 'too_long',
      message: `A process note holds at most ${PROCESS_NOTE_MAX_CHARS.toLocaleString('en')} characters (this one has ${t.length.toLocaleString('en')}).`,
    };
  return { ok: true, value: t };
}

/**
 * Whether the caller's last authentication (`reauthAt`, ISO; a sign-in or a password confirmed
 * again) is within `minutes` of `now`. No authentication time is never fresh.
 */
export function reauthFresh(reauthAt: string | null, now: string, minutes: number): boolean {
  if (!reauthAt) return false;
  return Date.parse(reauthAt) >= Date.parse(now) - minutes * 60_000;
}

export type GrantRefusal = 'not_a_supervisor' | 'self' | 'expired' | 'too_long';

/**
 * Whether a training grant may be given: to someone who supervises the author (never to oneself),
 * ending after `now` and no more than GRANT_MAX_DAYS later.
 */
export function checkGrant(g: {
  authorId: string;
  granteeId: string;
  supervisorsOfAuthor: readonly string[];
  now: string;
  expiresAt: string;
}): Result<{ expiresAt: string }, GrantRefusal> {
  if (g.granteeId === g.authorId) return { ok: false, reason: 'self', message: 'A training grant is given to your supervisor, not to yourself.' };
  if (!g.supervisorsOfAuthor.includes(g.granteeId))
    return { ok: false, reason: 'not_a_supervisor', message: 'Process notes can only be granted to one of your supervisors.' };
  const now = Date.parse(g.now);
  const until = Date.parse(g.expiresAt);
  if (!(until > now)) return { ok: false, reason: 'expired', message: 'The grant would already have expired: choose an end in the future.' };
  if (until - now > GRANT_MAX_DAYS * 86_400_000)
    return { ok: false, reason: 'too_long', message: `A training grant runs at most ${GRANT_MAX_DAYS} days; give a new one when it ends.` };
  return { ok: true, value: { expiresAt: new Date(until).toISOString() } };
}
