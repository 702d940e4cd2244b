import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, nameTokens, nameWords, PREFIX_MAX, queryTokens } from './name-search.ts';

describe('name search tokens', () => {
  it('splits a name into words without case, accents or punctuation', () => {
    expect(nameWords("  Zoë Ångström-O'Neil ")).toEqual(['zoe', 'angstrom', 'o', 'neil']);
  });
  it('indexes each word whole and its prefixes of 3 to PREFIX_MAX letters', () => {
    expect(nameTokens('Ann Li').sort()).toEqual(['p:ann', 'w:ann', 'w:li'].sort());
    const long = nameTokens('Abcdefghijklmnop');
    expect(long).toContain('w:abcdefghijklmnop');
    expect(long).toContain(`p:${'abcdefghijklmnop'.slice(0, PREFIX_MAX)}`);
    expect(long).not.toContain(`p:${'abcdefghijklmnop'.slice(0, PREFIX_MAX + 1)}`);
  });
  it('asks for a whole short word, or a prefix of a longer one; a query of no word asks nothing', () => {
    expect(queryTokens('li SMI')).toEqual(['w:li', 'p:smi']);
    expect(queryTokens('---')).toEqual([]);
    expect(queryTokens('a b c d e f')).toHaveLength(4);
    // Every query word a name begins with is among the name's tokens.
    const tokens = new Set(nameTokens('Anna Smithers'));
    for (const q of ['ann', 'smith', 'anna smithers', 'SMITHERS ANN']) for (const t of queryTokens(q)) expect(tokens.has(t), q).toBe(true);
  });
});

describe('page cursors', () => {
  it('round-trips a key and refuses anything else', () => {
    const key = { createdAt: '2026-03-01T10:00:00.000Z', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor('!!')).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-03-01T10:00:00.000Z|x').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from(`${key.createdAt}|${key.id}|more`).toString('base64url'))).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });
});
