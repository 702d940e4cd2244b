import { describe, it, expect } from 'vitest';
import { BUILTIN_INSTRUMENTS, GAD7, PHQ9, SESSION_CHECK, SESSION_CHECK_THERAPIST, findBuiltin } from './builtin/index.ts';
import { validateInstrumentDefinition } from './instrument.ts';

// A made-up instrument, the same shape as the example in docs/measures.md.
const options = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little' },
  { value: 2, label: 'Quite a lot' },
  { value: 3, label: 'Very much' },
];
const base = () => ({
  code: 'calm_week',
  version: '1',
  title: 'Calm week (example)',
  respondent: 'client',
  instructions: 'Thinking about the past week…',
  items: [
    { id: 'cw1', text: 'I felt calm.', options },
    { id: 'cw2', text: 'I slept well.', options },
    { id: 'cw3', text: 'I felt unsafe.', options, safety: true },
  ],
  scoring: { method: 'sum', min: 0, max: 9, requireAllItems: true },
  bands: [
    { min: 0, max: 3, label: 'Low', severity: 'minimal' },
    { min: 4, max: 6, label: 'Some', severity: 'mild' },
    { min: 7, max: 9, label: 'High', severity: 'moderate' },
  ],
  caseness: 5,
  reliableChange: 3,
  higherIsBetter: false,
  attribution: 'Made up for Accord’s documentation.',
  licence: 'None needed.',
  loinc: { total: '12345-6' },
});

type Def = ReturnType<typeof base>;
const errorsOf = (input: unknown) => {
  const r = validateInstrumentDefinition(input);
  return r.ok ? [] : r.errors;
};

describe('validateInstrumentDefinition', () => {
  it('accepts a well-formed practice definition and returns a clean copy', () => {
    const r = validateInstrumentDefinition(base());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.items[2]?.safety).toBe(true);
      expect(r.value.loinc).toEqual({ total: '12345-6' });
    }
  });

  it.each(BUILTIN_INSTRUMENTS.map((d) => [d.code, d] as const))('accepts the built-in %s when its code is not reserved', (_code, def) => {
    expect(validateInstrumentDefinition(def, { reservedCodes: [] })).toEqual({ ok: true, value: def });
  });

  it.each(['phq9', 'gad7', 'session_check', 'session_check_therapist', 'phq_9'])(
    'rejects a practice definition reusing built-in code %s (its safety item must stay)',
    (code) => {
      const errors = errorsOf({ ...base(), code });
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toBe('code');
      expect(errors[0]?.message).toContain('belongs to an instrument built into Accord');
    },
  );

  const cases: [string, (d: Def) => unknown, string, string][] = [
    ['not an object', () => [], '', 'must be a JSON object'],
    ['unknown field', (d) => ({ ...d, casenes: 10 }), 'casenes', 'Unknown field "casenes"'],
    ['bad code', (d) => ({ ...d, code: 'Calm Week' }), 'code', 'lower-case letters'],
    ['empty title', (d) => ({ ...d, title: ' ' }), 'title', 'title must be a non-empty text'],
    ['no attribution', (d) => ({ ...d, attribution: undefined }), 'attribution', 'attribution must be a non-empty text'],
    ['bad respondent', (d) => ({ ...d, respondent: 'parent' }), 'respondent', 'client, therapist'],
    ['no items', (d) => ({ ...d, items: [] }), 'items', 'at least one item'],
    [
      'duplicate item id',
      (d) => ({ ...d, items: [d.items[0], { ...d.items[1], id: 'cw1' }, d.items[2]] }),
      'items[1].id',
      'Item id "cw1" is used twice (also items[0])',
    ],
    [
      'one option',
      (d) => ({ ...d, items: [{ ...d.items[0], options: [options[0]] }, d.items[1], d.items[2]] }),
      'items[0].options',
      'at least two answer options',
    ],
    [
      'options not ascending',
      (d) => ({ ...d, items: [{ ...d.items[0], options: [options[0], options[2], options[1], options[3]] }, d.items[1], d.items[2]] }),
      'items[0].options[2].value',
      'ascending order without repeats: 1 follows 2',
    ],
    [
      'option without label',
      (d) => ({ ...d, items: [{ ...d.items[0], options: [{ value: 0 }, options[1]] }, d.items[1], d.items[2]] }),
      'items[0].options[0]',
      'numeric value and a non-empty label',
    ],
    ['bad scoring method', (d) => ({ ...d, scoring: { ...d.scoring, method: 'median' } }), 'scoring.method', '"sum" or "mean"'],
    [
      'max not matching items',
      (d) => ({ ...d, scoring: { ...d.scoring, max: 10 }, bands: [d.bands[0], d.bands[1], { ...d.bands[2], max: 10 }] }),
      'scoring.max',
      'scoring.max is 10 but the highest possible sum of the items is 9',
    ],
    ['min above max', (d) => ({ ...d, scoring: { ...d.scoring, min: 9, max: 0 } }), 'scoring.max', 'must be above scoring.min'],
    [
      'gap between bands',
      (d) => ({ ...d, bands: [d.bands[0], { ...d.bands[1], min: 5 }, d.bands[2]] }),
      'bands[1].min',
      'Gap between bands "Low" and "Some": total 4 belongs to no band',
    ],
    [
      'overlapping bands',
      (d) => ({ ...d, bands: [d.bands[0], { ...d.bands[1], min: 3 }, d.bands[2]] }),
      'bands[1].min',
      'overlap: "Some" must start at 4, not 3',
    ],
    [
      'bands not reaching max',
      (d) => ({ ...d, bands: [d.bands[0], d.bands[1], { ...d.bands[2], max: 8 }] }),
      'bands[2].max',
      'must end at the highest total 9, not 8',
    ],
    [
      'bands not starting at min',
      (d) => ({ ...d, bands: [{ ...d.bands[0], min: 1 }, d.bands[1], d.bands[2]] }),
      'bands[0].min',
      'must start at the lowest total 0, not 1',
    ],
    ['backwards band', (d) => ({ ...d, bands: [d.bands[0], { ...d.bands[1], min: 6, max: 4 }, d.bands[2]] }), 'bands[1]', 'runs backwards'],
    ['bad severity', (d) => ({ ...d, bands: [d.bands[0], { ...d.bands[1], severity: 'bad' }, d.bands[2]] }), 'bands[1].severity', 'minimal, mild, moderate'],
    ['caseness above range', (d) => ({ ...d, caseness: 10 }), 'caseness', 'caseness 10 is outside the possible totals 0–9'],
    ['caseness below range', (d) => ({ ...d, caseness: -1 }), 'caseness', 'outside the possible totals'],
    ['reliable change zero', (d) => ({ ...d, reliableChange: 0 }), 'reliableChange', 'above 0'],
    ['reliable change too large', (d) => ({ ...d, reliableChange: 10 }), 'reliableChange', 'larger than the whole range of totals (9)'],
    ['bad LOINC code', (d) => ({ ...d, loinc: { total: 'abc' } }), 'loinc.total', 'LOINC code like "44261-6"'],
    ['higherIsBetter missing', (d) => ({ ...d, higherIsBetter: 'no' }), 'higherIsBetter', 'true or false'],
  ];
  it.each(cases)('rejects %s with a clear message', (_name, change, path, message) => {
    const errors = errorsOf(change(base()));
    expect(errors.length).toBeGreaterThan(0);
    const hit = errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    expect(hit?.message).toContain(message);
  });

  it('names a wider gap as a range', () => {
    const errors = errorsOf({ ...base(), bands: [base().bands[0], { ...base().bands[1], min: 6 }, base().bands[2]] });
    expect(errors[0]?.message).toBe('Gap between bands "Low" and "Some": totals 4–5 belong to no band.');
  });

  it('accepts caseness and reliable change at the edges of the range', () => {
    expect(validateInstrumentDefinition({ ...base(), caseness: 0, reliableChange: 9 }).ok).toBe(true);
    expect(validateInstrumentDefinition({ ...base(), caseness: 9 }).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ ...base(), title: '', caseness: 99, respondent: 'x' });
    expect(errors.map((e) => e.path).sort()).toEqual(['caseness', 'respondent', 'title']);
  });

  it('asks mean instruments for half-open bands that meet exactly', () => {
    const mean = { ...base(), scoring: { method: 'mean', min: 0, max: 3, requireAllItems: false }, caseness: 1.5, reliableChange: 1 };
    const good = {
      ...mean,
      bands: [
        { min: 0, max: 1.5, label: 'Low', severity: 'minimal' },
        { min: 1.5, max: 3, label: 'High', severity: 'moderate' },
      ],
    };
    expect(validateInstrumentDefinition(good).ok).toBe(true);
    const gap = {
      ...mean,
      bands: [
        { min: 0, max: 1.4, label: 'Low', severity: 'minimal' },
        { min: 1.5, max: 3, label: 'High', severity: 'moderate' },
      ],
    };
    expect(errorsOf(gap)[0]?.message).toContain('Gap between bands "Low" and "High"');
  });
});

describe('built-in instruments', () => {
  it('reproduces the PHQ-9 items, options and attribution', () => {
    expect(PHQ9.items.map((i) => i.text)).toEqual([
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    ]);
    expect(PHQ9.items.every((i) => i.options.map((o) => o.label).join('|') === 'Not at all|Several days|More than half the days|Nearly every day')).toBe(true);
    expect(PHQ9.items.filter((i) => i.safety).map((i) => i.id)).toEqual(['phq9_9']);
    expect(PHQ9.attribution).toContain('No permission required to reproduce, translate, display or distribute.');
    expect(PHQ9).toMatchObject({ caseness: 10, reliableChange: 6, loinc: { panel: '44249-1', total: '44261-6' } });
  });
  it('reproduces GAD-7 with its thresholds and codes', () => {
    expect(GAD7.items).toHaveLength(7);
    expect(GAD7.items[1]?.text).toBe('Not being able to stop or control worrying');
    expect(GAD7.items.some((i) => i.safety)).toBe(false);
    expect(GAD7).toMatchObject({ caseness: 8, reliableChange: 4, loinc: { panel: '69737-5', total: '70274-6' } });
    expect(GAD7.bands.map((b) => [b.min, b.max])).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
      [15, 21],
    ]);
  });
  it('has client and therapist Session checks with matching item ids, 0–10 each', () => {
    expect(SESSION_CHECK.items.map((i) => i.id)).toEqual(SESSION_CHECK_THERAPIST.items.map((i) => i.id));
    expect(SESSION_CHECK.respondent).toBe('client');
    expect(SESSION_CHECK_THERAPIST.respondent).toBe('therapist');
    for (const item of [...SESSION_CHECK.items, ...SESSION_CHECK_THERAPIST.items]) {
      expect(item.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });
  it('are frozen, so the PHQ-9 safety item cannot be removed at run time', () => {
    expect(() => (PHQ9.items as unknown[]).pop()).toThrow();
    expect(() => {
      (PHQ9.items[8] as { safety?: boolean }).safety = false;
    }).toThrow();
    expect(PHQ9.items[8]?.safety).toBe(true);
  });
  it('finds built-ins by code', () => {
    expect(findBuiltin('phq9')).toBe(PHQ9);
    expect(findBuiltin('session_check_therapist')).toBe(SESSION_CHECK_THERAPIST);
    expect(findBuiltin('ors')).toBeUndefined();
  });
});
