/**
 * Password rules after NIST SP 800-63B §5.1.1.2 (rev. 3) and 800-63B-4: a minimum length
 * (15 for password-only accounts), a generous maximum with no truncation, no composition rules,
 * no expiry, and a check against commonly used or context-specific passwords.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';

const compactOf = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
/** The blocklist as compared after folding: "p@ssw0rd" must also catch "P@ssw0rd P@ssw0rd". */
const COMMON_COMPACT: ReadonlySet<string> = new Set([...COMMON_PASSWORDS].map(compactOf));

export const PASSWORD_MIN = 15;
/** Long enough for any passphrase; the whole string is hashed, never truncated. */
export const PASSWORD_MAX = 256;

export type PasswordVerdict = { ok: true } | { ok: false; reason: 'too_short' | 'too_long' | 'common' | 'contextual' | 'repetitive'; message: string };

/** Checks a new password against the policy, given words from its context (email, names). */
export function checkPassword(password: string, context: readonly string[] = []): PasswordVerdict {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { ok: false, reason: 'too_short', message: `Use at least ${PASSWORD_MIN} characters; a few unrelated words make a good passphrase.` };
  if (length > PASSWORD_MAX) return { ok: false, reason: 'too_long', message: `Use at most ${PASSWORD_MAX} characters.` };
  const folded = password.normalize('NFKC').toLowerCase();
  const compact = compactOf(password);
  if (COMMON_PASSWORDS.has(folded) || COMMON_COMPACT.has(compact) || isCommonStem(compact)) {
    return { ok: false, reason: 'common', message: 'This password is too common; choose something others would not guess.' };
  }
  if (new Set(compact).size <= 3 || isSequence(compact)) {
    return { ok: false, reason: 'repetitive', message: 'This password repeats or follows a sequence; choose something less predictable.' };
  }
  for (const word of context) {
    const w = word.normalize('NFKC').toLowerCase().split('@')[0]?.replace(/[^\p{L}\p{N}]/gu, '') ?? '';
    if (w.length >= 4 && compact.includes(w) && compact.length - w.length < 8) {
      return { ok: false, reason: 'contextual', message: 'This password is too close to your name, email or the practice name.' };
    }
  }
  return { ok: true };
}

/** A common password padded with digits or repeated ("password2024password"). */
function isCommonStem(compact: string): boolean {
  const stripped = compact.replace(/\d+$/u, '').replace(/^\d+/u, '');
  if (stripped.length >= 4 && COMMON_COMPACT.has(stripped)) return true;
  for (let n = 2; n <= 4; n++) {
    if (compact.length % n === 0) {
      const part = compact.slice(0, compact.length / n);
      if (part.repeat(n) === compact && (COMMON_COMPACT.has(part) || part.length <= 5)) return true;
    }
  }
  return false;
}

/** Keyboard rows and ascending/descending runs ("123456789012345", "qwertyuiopasdfg"). */
function isSequence(compact: string): boolean {
  const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz', 'qwertzuiop', 'azertyuiop'];
  const runs = rows.flatMap((r) => [r, [...r].reverse().join('')]).join('|');
  let inRun = 0;
  for (let i = 1; i < compact.length; i++) {
    const pair = compact.slice(i - 1, i + 1);
    if (runs.includes(pair) || compact.charCodeAt(i) - compact.charCodeAt(i - 1) === 1) inRun++;
  }
  return inRun >= compact.length - 3;
}
