/**
 * Password rules after NIST SP 800-63B §5.1.1.2 (rev. 3) and 800-63B-4: a minimum length
 * (15 for password-only accounts), a generous maximum with no truncation, no composition rules,
 * no expiry, and a check against commonly used or context-specific passwords.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';

const compactOf = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
/** The blocklist as compared after folding: "p@ssw0rd" must also catch "P@ssw0rd P@ssw0rd". */
const COMMON_COMPACT: ReadonlySet<string> = new Set([...COMMON_PASSWORDS].map(compactOf));

export const PASSWORD_MIN = 15;
/** Long enough for any passphrase; the whole string is hashed, never truncated. */
export const PASSWORD_MAX = 256;

export type PasswordVerdict = { ok: true } | { ok: false; reason: 'too_short' | 'too_long' | 'common' | 'contextual' | 'repetitive'; message: string };

/** Checks a new password against the policy, given words from its context (email, names). */
export function checkPassword(password: string, context: readonly string[] = []): PasswordVerdict {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    return { ok: false, reason: 'too_short', message: `Use at least ${PASSWORD_MIN} characters; a few unrelated words make a good passphrase.` };
  if (length > PASSWORD_MAX) return { ok: false, reason: 'too_long', message: `Use at most ${PASSWORD_MAX} characters.` };
  const folded = password.normalize('NFKC').toLowerCase();
  const compact = compactOf(password);
  if (COMMON_PASSWORDS.has(folded) || COMMON_COMPACT.has(compact) || isCommonStem(compact)) {
    return { ok: false, reason: 'common', message: 'This password is too common; choose something others would not guess.' };
  }
  if (new Set(compact).size <= 3 || isSequence(compact)) {
    return { ok: false, reason: 'repetitive', message: 'This password repeats or follows a sequence; choose something less predictable.' };
  }
  if (isContextual(password, context)) {
    return { ok: false, reason: 'contextual', message: 'This password is too close to your name, email or the practice name.' };
  }
  return { ok: true };
}

/** Digits and signs people put in place of letters ("th3o@cc0rd"). */
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map([
  ['0', 'o'],
  ['1', 'l'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['8', 'b'],
  ['@', 'a'],
  ['$', 's'],
]);
const unLeet = (text: string): string => compactOf([...text.normalize('NFKC').toLowerCase()].map((c) => LOOK_ALIKES.get(c) ?? c).join(''));

/**
 * The pieces of a context word a password may be built from (800-63B §3.1.1.2: "context-specific
 * words, such as the name of the service, the username"): the whole word, and for an email its
 * local part, its domain and their dot- or dash-separated labels; for a name each part. Pieces
 * shorter than 4 characters (initials, "com") are left out.
 */
function contextPieces(word: string): string[] {
  const folded = word.normalize('NFKC').toLowerCase();
  const parts = [folded, ...folded.split('@'), ...folded.split(/[^\p{L}\p{N}]+/u)];
  return [...new Set(parts.map(compactOf))].filter((p) => p.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * True when what is left of the password, once every context piece is taken out, is short (under
 * 8 characters) or only digits: the email itself, the email with a year or "!" added, in capitals,
 * reversed or with look-alike digits, the name with a few letters.
 */
function isContextual(password: string, context: readonly string[]): boolean {
  const pieces = context.flatMap(contextPieces);
  if (!pieces.length) return false;
  const compact = compactOf(password);
  const variants = [compact, unLeet(password), [...compact].reverse().join('')];
  return variants.some((v) => {
    let left = v;
    for (const piece of pieces) left = left.split(piece).join('');
    return left.length < v.length && (left.length < 8 || /^\d+$/u.test(left));
  });
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
