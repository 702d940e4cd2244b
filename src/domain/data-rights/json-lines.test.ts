import { describe, expect, it } from 'vitest';
import { locateJson } from './json-lines.ts';

describe('locateJson', () => {
  it('reads what JSON.parse reads and knows the line of each value', () => {
    const text = '{\n  "a": [\n    1,\n    {"b": "x\\"y"}\n  ],\n  "c": null\n}';
    const r = locateJson(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(JSON.parse(text));
    expect(r.lineOf(['a', 1, 'b'])).toBe(4);
    expect(r.lineOf(['c'])).toBe(6);
    expect(r.lineOf(['nowhere'])).toBeUndefined();
  });
  it('says where malformed JSON stops', () => {
    expect(locateJson('{\n  "a": 1,\n  "b": tru\n}')).toMatchObject({ ok: false, line: 3, column: 8 });
    expect(locateJson('[1, 2')).toMatchObject({ ok: false, line: 1, column: 6 });
    expect(locateJson('{"__proto__": {"x": 1}}')).toMatchObject({ ok: true, value: { ['__proto__']: { x: 1 } } });
  });
});
