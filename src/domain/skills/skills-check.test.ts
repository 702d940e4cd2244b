import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE, checkCatalogue, groupsOf } from './catalogue.ts';
import { checkSkillsAnswer, priorityOf, scoreSkillsCheck, skillsCheckInstrument } from './skills-check.ts';

const names = new Map(DEFAULT_CATALOGUE.map((s) => [s.id, { name: s.name, group: s.group }]));

describe('Skills check', () => {
  it('pairs two engine items per skill, each 0–4 in ascending order', () => {
    const ins = skillsCheckInstrument(DEFAULT_CATALOGUE);
    expect(ins.pairs).toHaveLength(DEFAULT_CATALOGUE.length);
    for (const p of ins.pairs) {
      expect(p.skilled.id).toBe(`${p.skill.id}.skilled`);
      expect(p.help.id).toBe(`${p.skill.id}.help`);
      expect(p.skilled.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4]);
      expect(p.help.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('priority = help × (4 − skilled), over every corner', () => {
    expect(priorityOf({ skilled: 0, help: 4 })).toBe(16);
    expect(priorityOf({ skilled: 4, help: 4 })).toBe(0);
    expect(priorityOf({ skilled: 0, help: 0 })).toBe(0);
    expect(priorityOf({ skilled: 3, help: 1 })).toBe(1);
    expect(priorityOf({ skilled: 1, help: 3 })).toBe(9);
    for (let s = 0; s <= 4; s++) for (let h = 0; h <= 4; h++) expect(priorityOf({ skilled: s, help: h })).toBe(h * (4 - s));
  });

  it('ranks by priority, then by help, then by catalogue order; suggests the top three above 0', () => {
    const r = scoreSkillsCheck(
      [
        { skillId: 'listening', skilled: 2, help: 2 }, // 4
        { skillId: 'courage', skilled: 0, help: 4 }, // 16
        { skillId: 'kindness', skilled: 2, help: 4 }, // 8
        { skillId: 'joy', skilled: 0, help: 2 }, // 8, helps less than kindness
        { skillId: 'friendship', skilled: 4, help: 4 }, // 0
        { skillId: 'self_calming', skilled: 3, help: 0 }, // 0
      ],
      names,
    );
    expect(r.ranked.map((x) => [x.skillId, x.priority])).toEqual([
      ['courage', 16],
      ['kindness', 8],
      ['joy', 8],
      ['listening', 4],
      ['friendship', 0], // helps more than self_calming
      ['self_calming', 0],
    ]);
    expect(r.suggested.map((x) => x.skillId)).toEqual(['courage', 'kindness', 'joy']);
  });

  it('ties of priority and help fall back to the catalogue order', () => {
    const r = scoreSkillsCheck(
      [
        { skillId: 'listening', skilled: 1, help: 2 },
        { skillId: 'productivity', skilled: 1, help: 2 },
      ],
      names,
    );
    expect(r.ranked.map((x) => x.skillId)).toEqual(['productivity', 'listening']);
  });

  it('suggests nothing when every priority is 0, and fewer than three when fewer score', () => {
    expect(scoreSkillsCheck([{ skillId: 'joy', skilled: 4, help: 3 }], names).suggested).toEqual([]);
    expect(scoreSkillsCheck([{ skillId: 'joy', skilled: 3, help: 3 }], names).suggested).toHaveLength(1);
  });

  it('refuses an empty answer, unknown or repeated skills, and ratings out of range or not whole', () => {
    const cat = DEFAULT_CATALOGUE;
    expect(checkSkillsAnswer(cat, [])).toMatchObject({ ok: false, reason: 'no_ratings' });
    expect(checkSkillsAnswer(cat, [{ skillId: 'flying', skilled: 1, help: 1 }])).toMatchObject({ ok: false, reason: 'unknown_skill' });
    expect(
      checkSkillsAnswer(cat, [
        { skillId: 'joy', skilled: 1, help: 1 },
        { skillId: 'joy', skilled: 2, help: 1 },
      ]),
    ).toMatchObject({ ok: false, reason: 'duplicate_skill' });
    for (const bad of [-1, 5, 1.5, Number.NaN])
      expect(checkSkillsAnswer(cat, [{ skillId: 'joy', skilled: bad, help: 1 }])).toMatchObject({ ok: false, reason: 'rating_out_of_range' });
    expect(checkSkillsAnswer(cat, [{ skillId: 'joy', skilled: 0, help: 4 }])).toEqual({ ok: true, ratings: [{ skillId: 'joy', skilled: 0, help: 4 }] });
  });
});

describe('catalogue', () => {
  it('the default holds the SPEC’s fourteen skills in groups, and passes its own check', () => {
    expect(DEFAULT_CATALOGUE).toHaveLength(14);
    expect(checkCatalogue(DEFAULT_CATALOGUE).ok).toBe(true);
    expect(groupsOf(DEFAULT_CATALOGUE).map((g) => g.skills.length)).toEqual([3, 5, 5, 1]);
  });
  it('refuses an empty catalogue, bad or repeated ids and blank names', () => {
    expect(checkCatalogue([])).toMatchObject({ ok: false, reason: 'empty_catalogue' });
    expect(checkCatalogue([{ id: 'Bad Id', group: 'g', name: 'n' }])).toMatchObject({ ok: false, reason: 'bad_skill_id' });
    expect(
      checkCatalogue([
        { id: 'ab', group: 'g', name: 'n' },
        { id: 'ab', group: 'g', name: 'm' },
      ]),
    ).toMatchObject({ ok: false, reason: 'duplicate_skill' });
    expect(checkCatalogue([{ id: 'ab', group: 'g', name: '  ' }])).toMatchObject({ ok: false, reason: 'empty_name' });
    expect(checkCatalogue([{ id: 'ab', group: ' g ', name: ' n ' }])).toEqual({ ok: true, skills: [{ id: 'ab', group: 'g', name: 'n' }] });
  });
});
