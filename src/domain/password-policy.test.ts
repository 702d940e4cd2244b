import { describe, it, expect } from 'vitest';
import { PASSWORD_MAX, PASSWORD_MIN, checkPassword } from './password-policy.ts';

const reason = (p: string, context: string[] = []) => {
  const v = checkPassword(p, context);
  return v.ok ? 'ok' : v.reason;
};

describe('checkPassword (NIST SP 800-63B)', () => {
  it('asks for at least 15 characters and accepts a plain passphrase with no composition rules', () => {
    expect(PASSWORD_MIN).toBe(15);
    expect(reason('quiet meadow 7x')).toBe('ok'); // 15
    expect(reason('quiet meadow 7')).toBe('too_short'); // 14
    expect(reason('quiet meadow river stone')).toBe('ok'); // no capitals, digits or symbols needed
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    const fifteen = 'éàüöçñøåßłžšďťň';
    expect([...fifteen].length).toBe(15);
    expect(Buffer.byteLength(fifteen)).toBeGreaterThan(15);
    expect(reason(fifteen)).toBe('ok');
    expect(reason(fifteen.slice(0, 14))).toBe('too_short'); // 28 bytes, still only 14 characters
    expect(reason('静かな川の石と風の音が聞こえる夜')).toBe('ok'); // 16 characters
    expect(reason('静かな川の石と風の音が聞こえ')).toBe('too_short'); // 14 characters, 42 bytes
    // Astral characters are two UTF-16 units each but one character.
    const astral = '𝔮𝔲𝔦𝔢𝔱 𝔪𝔢𝔞𝔡𝔬𝔴';
    expect(astral.length).toBeGreaterThan(15);
    expect(reason(astral)).toBe('too_short');
  });

  it('allows long passphrases up to the maximum without truncating them', () => {
    expect(PASSWORD_MAX).toBeGreaterThanOrEqual(64);
    const long = Array.from({ length: 40 }, (_, i) => `w${i}rd`)
      .join(' ')
      .slice(0, PASSWORD_MAX);
    expect(reason(long)).toBe('ok');
    expect(reason(`${long}x`.padEnd(PASSWORD_MAX + 1, 'y'))).toBe('too_long');
  });

  it.each([
    'password12345678',
    'passwordpassword',
    'Password Password',
    'P@ssw0rd P@ssw0rd',
    '2024letmein2024!',
    'iloveyouiloveyou',
    'correct horse battery staple',
    'ILOVEYOUFOREVER!',
    'aaaaaaaaaaaaaaaa',
    'abababababababab',
  ])('refuses the commonly used %j', (p) => {
    expect(reason(p)).toBe('common');
  });

  it.each(['123456789012345', '9876543210987654', 'qwertyuiopasdfg', 'abcdefghijklmnop', 'zyxwvutsrqponmlk', 'aaaabbbbaaaabbbbab'])(
    'refuses the repetitive or sequential %j',
    (p) => {
      expect(['repetitive', 'common']).toContain(reason(p));
    },
  );

  it('refuses passwords made of the user’s own name, email or practice name', () => {
    expect(reason('theo the best!!!', ['theo@test.accord', 'Theo Therapist'])).toBe('contextual');
    expect(reason('riverside quiet 7', ['x@test.accord', 'Ann', 'Riverside'])).toBe('contextual');
    // The same password is fine for someone else.
    expect(reason('riverside quiet 7', ['x@test.accord', 'Ann', 'Hillside'])).toBe('ok');
    // Short context words (initials) do not make every password contextual.
    expect(reason('quiet meadow river stone', ['qm@test.accord', 'Q M'])).toBe('ok');
  });

  it.each([
    'alex.morgan@example-practice.org',
    'ALEX.MORGAN@EXAMPLE-PRACTICE.ORG',
    'alex.morgan@example-practice.org2024!',
    'Alex Morgan example-practice.org',
    'gro.ecitcarp-elpmaxe@nagrom.xela',
    '4lex.m0rgan@ex4mple-pr4ctice.0rg',
    'alexmorgan 12345678901',
  ])('refuses the person’s own email and its obvious variants: %j', (pw) => {
    expect(reason(pw, ['alex.morgan@example-practice.org', 'Alex Morgan', 'Example Practice'])).toBe('contextual');
  });

  it('does not refuse a passphrase merely for sharing a word with the email domain', () => {
    expect(reason('practice makes a calm meadow', ['alex.morgan@example-practice.org', 'Alex Morgan'])).toBe('ok');
  });

  it('gives a message a person can act on', () => {
    const v = checkPassword('short');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/15 characters/);
  });
});
