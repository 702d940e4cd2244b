import { describe, it, expect } from 'vitest';
import { base32Decode, base32Encode, hotp, totpStep, totpUri, verifyTotp } from './totp.ts';

const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

describe('base32 (RFC 4648 §10 test vectors)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j encodes as %j and decodes back', (text, encoded) => {
    expect(base32Encode(new TextEncoder().encode(text))).toBe(encoded);
    expect(new TextDecoder().decode(base32Decode(encoded))).toBe(text);
  });
  it('decodes lower case, spaces and padding as authenticator apps show them', () => {
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_SECRET);
    expect(new TextDecoder().decode(base32Decode('MZXW6YQ='))).toBe('foob');
  });
  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(RangeError);
  });
});

describe('HOTP (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i gives %s', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 Appendix B, SHA-1, 8 digits)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i s gives %s', (seconds, code) => {
    expect(hotp(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });
  it('the 6-digit code is the last six digits of the 8-digit one', () => {
    expect(hotp(RFC_SECRET, totpStep(new Date(1111111109_000)))).toBe('081804');
  });
});

describe('verifyTotp', () => {
  const at = (s: number) => new Date(s * 1000);
  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(RFC_SECRET, '081804', at(1111111109), null)).toBe(Math.floor(1111111109 / 30));
  });
  it('accepts one step of clock drift either side, not two', () => {
    const step = Math.floor(1111111109 / 30);
    const code = hotp(RFC_SECRET, step);
    expect(verifyTotp(RFC_SECRET, code, at((step + 1) * 30 + 5), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, at((step - 1) * 30 + 5), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, at((step + 2) * 30 + 5), null)).toBeNull();
    expect(verifyTotp(RFC_SECRET, code, at((step - 2) * 30 + 5), null)).toBeNull();
  });
  it('refuses a replayed code, and any code of an earlier step', () => {
    const step = totpStep(at(59));
    expect(verifyTotp(RFC_SECRET, '287082', at(59), null)).toBe(step);
    expect(verifyTotp(RFC_SECRET, '287082', at(59), step)).toBeNull();
    // The previous step's code is within the drift window but older than the last used one.
    expect(verifyTotp(RFC_SECRET, hotp(RFC_SECRET, step - 1), at(59), step)).toBeNull();
    // The next step's code is still accepted.
    expect(verifyTotp(RFC_SECRET, hotp(RFC_SECRET, step + 1), at(75), step)).toBe(step + 1);
  });
  it.each(['', '28708', '2870822', 'abcdef', '287 082', '94287082'])('refuses the malformed code %j', (code) => {
    expect(verifyTotp(RFC_SECRET, code, at(59), null)).toBeNull();
  });
  it('refuses a wrong code', () => {
    expect(verifyTotp(RFC_SECRET, '000000', at(59), null)).toBeNull();
  });
});

describe('totpUri', () => {
  it('builds the otpauth URI authenticator apps import, escaping the label', () => {
    const uri = totpUri('GEZDGNBV', 'ada@test.accord', 'Accord (A & B)');
    expect(uri).toBe(
      'otpauth://totp/Accord%20(A%20%26%20B)%3Aada%40test.accord?secret=GEZDGNBV&issuer=Accord%20(A%20%26%20B)&algorithm=SHA1&digits=6&period=30',
    );
  });
});
