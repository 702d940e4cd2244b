import { describe, expect, it } from 'vitest';
import { ALLIANCE_TYPES } from '../cues/types.ts';
import type { SessionRecord } from './course.ts';
import type { ExpectationsResponse } from './expectations.ts';
import { allianceDefaults } from './settings.ts';
import { CLIENT_EXPECTATIONS, THERAPIST_EXPECTATIONS, expectationsDue, statementsOfType, validateExpectationAnswers } from './expectations.ts';

const allAnswers = (side: 'client' | 'therapist', value: number): Record<string, number> =>
  Object.fromEntries((side === 'client' ? CLIENT_EXPECTATIONS : THERAPIST_EXPECTATIONS).statements.map((s) => [s.id, value]));

describe('the Expectations check instrument', () => {
  it('has three statements per alliance type on each side, with unique ids', () => {
    for (const instrument of [CLIENT_EXPECTATIONS, THERAPIST_EXPECTATIONS]) {
      expect(instrument.statements).toHaveLength(12);
      expect(new Set(instrument.statements.map((s) => s.id)).size).toBe(12);
      for (const type of ALLIANCE_TYPES) expect(statementsOfType(instrument.side, type)).toHaveLength(3);
      expect(instrument.statements.every((s) => s.id === `${instrument.side}.${s.key}` && s.side === instrument.side)).toBe(true);
    }
  });

  it('pairs client and therapist statements by key and type, in the same order', () => {
    CLIENT_EXPECTATIONS.statements.forEach((c, i) => {
      const t = THERAPIST_EXPECTATIONS.statements[i]!;
      expect([t.key, t.type]).toEqual([c.key, c.type]);
      expect(t.text).not.toBe(c.text);
    });
  });

  it('asks its own free-text question per side', () => {
    expect(CLIENT_EXPECTATIONS.freeTextQuestion).toBe('What would make therapy worthwhile for you?');
    expect(THERAPIST_EXPECTATIONS.freeTextQuestion).toBe('What is this therapy for?');
  });
});

describe('validateExpectationAnswers', () => {
  it('accepts every statement rated 0..4 and trims the free text', () => {
    const r = validateExpectationAnswers('client', allAnswers('client', 4), '  feeling less alone  ');
    expect(r).toEqual({ ok: true, answers: allAnswers('client', 4), freeText: 'feeling less alone' });
    expect(validateExpectationAnswers('therapist', allAnswers('therapist', 0)).ok).toBe(true);
  });

  it.each([
    [
      'missing',
      (a: Record<string, unknown>) => {
        delete a['client.working.decision'];
      },
      'missing',
    ],
    [
      'null',
      (a: Record<string, unknown>) => {
        a['client.working.decision'] = null;
      },
      'missing',
    ],
    [
      'above 4',
      (a: Record<string, unknown>) => {
        a['client.working.decision'] = 5;
      },
      'out_of_range',
    ],
    [
      'below 0',
      (a: Record<string, unknown>) => {
        a['client.working.decision'] = -1;
      },
      'out_of_range',
    ],
    [
      'a fraction',
      (a: Record<string, unknown>) => {
        a['client.working.decision'] = 2.5;
      },
      'not_an_integer',
    ],
    [
      'a string',
      (a: Record<string, unknown>) => {
        a['client.working.decision'] = '3';
      },
      'not_an_integer',
    ],
    [
      'a therapist statement',
      (a: Record<string, unknown>) => {
        a['therapist.working.decision'] = 3;
      },
      'unknown_statement',
    ],
  ] as const)('refuses an answer that is %s', (_name, mutate, reason) => {
    const answers: Record<string, unknown> = allAnswers('client', 2);
    mutate(answers);
    const r = validateExpectationAnswers('client', answers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.reason)).toEqual([reason]);
  });

  it('refuses a free text that is not a string', () => {
    const r = validateExpectationAnswers('client', allAnswers('client', 1), 42);
    expect(r.ok === false && r.problems[0]?.reason).toBe('free_text_not_a_string');
  });
});

describe('expectationsDue', () => {
  const sessions: SessionRecord[] = Array.from({ length: 14 }, (_, i) => ({
    id: `s${i + 1}`,
    at: new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString(),
    status: i === 3 ? 'no_show' : 'attended',
  }));
  const response = (at: string): ExpectationsResponse => ({ id: 'e1', side: 'client', at, answers: allAnswers('client', 2) });

  it('is due at intake, before any answer', () => {
    expect(expectationsDue('client', [], sessions, '2023-12-30T00:00:00Z')).toEqual({ due: true, reason: 'intake', attendedSinceLast: 0 });
  });

  it('is due again after 6 attended sessions, not 5 (no-shows do not count)', () => {
    const r = [response('2023-12-31T00:00:00Z')];
    // Sessions 1..6 held on Jan 1..Feb 5, session 4 a no-show: 5 attended by Feb 5, 6 by Feb 12.
    expect(expectationsDue('client', r, sessions, '2024-02-05T00:00:00Z')).toMatchObject({ due: false, attendedSinceLast: 5 });
    expect(expectationsDue('client', r, sessions, '2024-02-12T00:00:00Z')).toMatchObject({ due: true, reason: 'cadence', attendedSinceLast: 6 });
  });

  it('follows a practice’s own cadence', () => {
    const settings = { ...allianceDefaults, expectations: { ...allianceDefaults.expectations, everyAttendedSessions: 3 } };
    expect(expectationsDue('client', [response('2023-12-31T00:00:00Z')], sessions, '2024-01-15T00:00:00Z', settings).due).toBe(true);
  });

  it('counts each side separately', () => {
    expect(expectationsDue('therapist', [response('2023-12-31T00:00:00Z')], sessions, '2024-01-02T00:00:00Z').reason).toBe('intake');
  });
});
