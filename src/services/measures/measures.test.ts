import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { listResponses, scoreSeries, submitResponse } from './measures.ts';
import { acknowledgeAlert, countAlerts, listInbox, raiseAlert, resolveAlert } from '../alerts/alerts.ts';
import { escalateDueAlerts, setEscalationColleague } from '../alerts/escalation.ts';
import { addSchedule, dueForClient } from './schedules.ts';
import { caseloadMeasures } from './caseload-measures.ts';
import { importInstrument, listInstruments } from './instruments.ts';
import type { Deps } from '../deps.ts';
import type { Store } from '../ports.ts';
import { DomainError } from '../../domain/errors.ts';

const phq = (item9: number, base = 1): Record<string, number> =>
  Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : base]));
const gad = (v: number): Record<string, number> => Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, v]));
const check = (heard: number, mattered: number, approach: number, overall: number) => ({ heard, mattered, approach, overall });

let w: TestWorld;
let deps: Deps;
let p: Practice;
let clientId: string;
let courseId: string;
const asClient = () => ({ userId: 'client-user', as: 'client' as const });
const asTherapist = () => ({ userId: p.therapistId, as: 'therapist' as const });

beforeEach(async () => {
  w = await makeWorld();
  deps = w.deps;
  p = await seedPractice(deps);
  await deps.store.updatePractice((await deps.store.findPractice())!.id, { crisisInfo: 'Call 116 123 (Samaritans) any time, or 999 in an emergency.' });
  clientId = (await createClient(deps, p.therapistId, { name: 'Casey Client', contact: { email: null, phone: null, dateOfBirth: null } })).id;
  courseId = (await openCourse(deps, clientId, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
});
afterEach(async () => {
  await w.close();
});

async function alertsOf(kind?: string) {
  return (await deps.store.listAlerts({ clientIds: [clientId] })).filter((a) => !kind || a.kind === kind);
}

describe('safety: every submission path raises the alert with the response', () => {
  it('portal submit: PHQ-9 item 9 > 0 stores the response, raises one critical safety alert, and returns the crisis information', async () => {
    const r = await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    expect(r.response.safetyFlagged).toBe(true);
    expect(r.response.source).toBe('portal');
    expect(r.crisis?.info).toContain('116 123');
    const safety = await alertsOf('safety');
    expect(safety).toHaveLength(1);
    expect(safety[0]!.severity).toBe('critical');
    expect(safety[0]!.dedupeKey).toContain(r.response.id);
  });

  it('item 9 = 0 raises nothing and carries no crisis block', async () => {
    const r = await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(0) });
    expect(r.crisis).toBeNull();
    expect(await alertsOf('safety')).toHaveLength(0);
  });

  it('therapist entry on paper raises it too, and says how the answers were given', async () => {
    await expect(submitResponse(deps, clientId, asTherapist(), { instrumentCode: 'phq9', answers: phq(2) })).rejects.toThrow(/in_session, paper or import/);
    const r = await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'phq9',
      answers: phq(2),
      source: 'paper',
      completedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(r.response.source).toBe('paper');
    expect(r.alertsRaised).toContain('safety');
    expect(await alertsOf('safety')).toHaveLength(1);
  });

  it('a correction is a new response superseding the old one; both kept; a safety answer in the correction raises its own alert', async () => {
    const first = await submitResponse(deps, clientId, asTherapist(), { instrumentCode: 'phq9', answers: phq(0), source: 'paper' });
    const fixed = await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'phq9',
      answers: phq(3),
      source: 'paper',
      supersedes: first.response.id,
    });
    expect(fixed.response.supersedes).toBe(first.response.id);
    expect(await alertsOf('safety')).toHaveLength(1);
    const all = await listResponses(deps, clientId, { forClient: false });
    expect(all.map((r) => r.id).sort()).toEqual([first.response.id, fixed.response.id].sort());
    expect(all.find((r) => r.id === first.response.id)!.supersededBy).toBe(fixed.response.id);
    await expect(
      submitResponse(deps, clientId, asTherapist(), { instrumentCode: 'phq9', answers: phq(0), source: 'paper', supersedes: first.response.id }),
    ).rejects.toThrow(/already been corrected/);
  });

  it('a client cannot correct a submitted response', async () => {
    const first = await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(0) });
    await expect(submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1), supersedes: first.response.id })).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('import goes through the same path', async () => {
    const r = await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'phq9',
      answers: phq(1),
      source: 'import',
      completedAt: '2026-01-20T10:00:00.000Z',
    });
    expect(r.response.source).toBe('import');
    expect(await alertsOf('safety')).toHaveLength(1);
  });

  it('unscorable answers are refused — unless a safety item was endorsed: then the response is kept (invalid) and the alert raised', async () => {
    const missing = { ...phq(0) } as Record<string, number | null>;
    delete missing.phq9_3;
    await expect(submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: missing })).rejects.toThrow(/missing/);
    expect(await deps.store.listResponsesOfClients([clientId])).toHaveLength(0);
    const missingWithSafety = { ...missing, phq9_9: 2 };
    const r = await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: missingWithSafety });
    expect(r.response.valid).toBe(false);
    expect(r.message).toMatch(/cannot be scored/);
    expect(r.crisis).not.toBeNull();
    expect(await alertsOf('safety')).toHaveLength(1);
  });

  it('the alert and the response commit together: when raising fails, the response is not stored either', async () => {
    const failing: Store = new Proxy(deps.store, {
      get(target, prop, recv) {
        if (prop === 'transaction') {
          return <T>(fn: (tx: Store) => Promise<T>) =>
            target.transaction((tx) =>
              fn(
                new Proxy(tx, {
                  get(t, pr, r) {
                    if (pr === 'insertAlertIfAbsent')
                      return async () => {
                        throw new Error('disk full');
                      };
                    const v = Reflect.get(t, pr, r) as unknown;
                    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
                  },
                }),
              ),
            );
        }
        const v = Reflect.get(target, prop, recv) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await expect(submitResponse({ ...deps, store: failing }, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) })).rejects.toThrow('disk full');
    expect(await deps.store.listResponsesOfClients([clientId])).toHaveLength(0);
  });

  it('a client cannot answer the therapist’s Session check', async () => {
    await expect(submitResponse(deps, clientId, asClient(), { instrumentCode: 'session_check_therapist', answers: check(9, 9, 9, 9) })).rejects.toThrow(
      DomainError,
    );
  });
});

describe('alerts: idempotent raising, lifecycle, inbox, counts', () => {
  it('raising the same condition twice stores one alert', async () => {
    const draft = {
      kind: 'rupture' as const,
      severity: 'high' as const,
      courseId,
      dedupeKey: `rupture|${courseId}|s1`,
      title: 't',
      summary: 's',
      suggestedConversation: 'c',
      evidence: [],
    };
    const a = await raiseAlert(deps, draft, { clientId, therapistId: p.therapistId });
    const b = await raiseAlert(deps, draft, { clientId, therapistId: p.therapistId });
    expect(a.created).toBe(true);
    expect(b).toEqual({ created: false, alertId: a.alertId });
    expect(await alertsOf('rupture')).toHaveLength(1);
  });

  it('evidence is sealed at rest and opened for the therapist; the inbox puts safety first', async () => {
    await submitResponse(deps, clientId, asClient(), {
      instrumentCode: 'session_check',
      answers: check(3, 3, 3, 3),
      sessionId: (await recordSession(deps, courseId, { startsAt: '2026-02-01T10:00:00.000Z', durationMinutes: 50, status: 'attended' })).id,
    });
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    const raw = await alertsOf();
    expect(raw.map((a) => a.contentEnc).join(' ')).not.toMatch(/better off dead/);
    const therapist = await p.actor(p.therapistId);
    const inbox = await listInbox(deps, therapist.caller);
    expect(inbox.map((a) => a.kind)).toEqual(['safety', 'rupture']);
    expect(inbox[0]!.evidence[0]!.label).toMatch(/better off dead/);
    expect(inbox[0]!.access).toBe('act');
  });

  it('scoping: other therapist sees nothing, supervisor reads, admin only counts', async () => {
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    const other = await p.actor(p.otherTherapistId);
    const sup = await p.actor(p.supervisorId);
    const admin = await p.actor(p.adminId);
    expect(await listInbox(deps, other.caller)).toHaveLength(0);
    const supInbox = await listInbox(deps, sup.caller);
    expect(supInbox).toHaveLength(1);
    expect(supInbox[0]!.access).toBe('read');
    await expect(acknowledgeAlert(deps, sup.caller, supInbox[0]!.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(acknowledgeAlert(deps, other.caller, supInbox[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await listInbox(deps, admin.caller)).toHaveLength(0);
    expect(await countAlerts(deps, admin.caller)).toEqual({ active: 1, safety: null, scope: 'practice' });
  });

  it('a safety alert closes only with a documented follow-up', async () => {
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    const t = (await p.actor(p.therapistId)).caller;
    const [alert] = await listInbox(deps, t);
    await expect(resolveAlert(deps, t, alert!.id, { note: 'ok' })).rejects.toThrow(/at least 20 characters/);
    await expect(resolveAlert(deps, t, alert!.id, { note: 'Phoned the client the same afternoon; no plans or intent.' })).rejects.toThrow(/follow-up action/);
    const done = await resolveAlert(deps, t, alert!.id, {
      note: 'Phoned the client the same afternoon; no plans or intent.',
      followUpAction: 'contacted_client',
    });
    expect(done.status).toBe('resolved');
    expect(done.resolution?.note).toMatch(/Phoned/);
    expect((await deps.store.findAlert(alert!.id))!.resolutionEnc).not.toMatch(/Phoned/);
  });
});

describe('escalation', () => {
  it('an unacknowledged safety alert escalates once, after the practice’s minutes, to the designated colleague', async () => {
    await setEscalationColleague(deps, 'practice', p.otherTherapistId);
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    expect((await escalateDueAlerts(deps)).escalated).toHaveLength(0);
    w.clock.advance(61);
    const [a, b] = await Promise.all([escalateDueAlerts(deps), escalateDueAlerts(deps)]);
    expect(a.escalated.length + b.escalated.length).toBe(1);
    expect((await escalateDueAlerts(deps)).escalated).toHaveLength(0);
    const [alert] = await alertsOf('safety');
    expect(alert!.escalatedTo).toBe(p.otherTherapistId);
    expect((await deps.store.listAlertEvents(alert!.id)).filter((e) => e.action === 'escalated')).toHaveLength(1);
    const colleague = (await p.actor(p.otherTherapistId)).caller;
    const inbox = await listInbox(deps, colleague);
    expect(inbox.map((x) => x.id)).toEqual([alert!.id]);
    expect(inbox[0]!.access).toBe('act');
    await acknowledgeAlert(deps, colleague, alert!.id);
  });

  it('acknowledging in time stops the escalation; a therapist’s own colleague wins over the practice’s', async () => {
    await setEscalationColleague(deps, 'practice', p.otherTherapistId);
    await setEscalationColleague(deps, p.therapistId, p.supervisorId);
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(1) });
    const second = await createClient(deps, p.therapistId, { name: 'Second', contact: { email: null, phone: null, dateOfBirth: null } });
    await openCourse(deps, second.id, { startedOn: '2026-01-05', frequency: 'weekly' });
    await submitResponse(deps, second.id, asClient(), { instrumentCode: 'phq9', answers: phq(2) });
    const t = (await p.actor(p.therapistId)).caller;
    const first = (await alertsOf('safety'))[0]!;
    await acknowledgeAlert(deps, t, first.id);
    w.clock.advance(120);
    const run = await escalateDueAlerts(deps);
    expect(run.escalated).toHaveLength(1);
    expect(run.escalated[0]).not.toBe(first.id);
    expect((await deps.store.findAlert(run.escalated[0]!))!.escalatedTo).toBe(p.supervisorId);
  });
});

describe('outcome and rupture rules raise their alerts', () => {
  async function sessions(n: number) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        (
          await recordSession(deps, courseId, {
            startsAt: new Date(Date.parse('2026-01-05T10:00:00Z') + i * 7 * 86_400_000).toISOString(),
            durationMinutes: 50,
            status: 'attended',
          })
        ).id,
      );
    }
    return ids;
  }

  it('reliable deterioration on PHQ-9 → not on track', async () => {
    await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'phq9',
      answers: phq(0, 1),
      source: 'in_session',
      completedAt: '2026-01-05T10:00:00Z',
    });
    await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'phq9',
      answers: phq(0, 2),
      source: 'in_session',
      completedAt: '2026-02-05T10:00:00Z',
    });
    const [a] = await alertsOf('not_on_track');
    expect(a?.severity).toBe('high');
  });

  it('three measures below caseness on every monitored measure and no agreed goal → remission without a current goal', async () => {
    for (const [i, v] of [
      [1, 1],
      [2, 0],
      [3, 0],
    ] as const) {
      await submitResponse(deps, clientId, asTherapist(), {
        instrumentCode: 'phq9',
        answers: phq(0, v),
        source: 'in_session',
        completedAt: `2026-02-0${i}T10:00:00Z`,
      });
      await submitResponse(deps, clientId, asTherapist(), {
        instrumentCode: 'gad7',
        answers: gad(v),
        source: 'in_session',
        completedAt: `2026-02-0${i}T10:00:00Z`,
      });
    }
    expect(await alertsOf('remission_without_goal')).toHaveLength(1);
  });

  it('a Session check dip → rupture; the therapist rating 8+ higher → therapist-more-positive', async () => {
    const ids = await sessions(4);
    for (const [i, total] of [9, 9, 9].entries()) {
      w.clock.set(new Date(Date.parse('2026-01-05T11:00:00Z') + i * 7 * 86_400_000).toISOString()); // the portal stamps answers when sent
      await submitResponse(deps, clientId, asClient(), { instrumentCode: 'session_check', answers: check(total, total, total, total), sessionId: ids[i]! });
    }
    expect(await alertsOf('rupture')).toHaveLength(0);
    w.clock.set('2026-01-26T11:00:00Z');
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'session_check', answers: check(7, 6, 6, 6), sessionId: ids[3]! });
    expect(await alertsOf('rupture')).toHaveLength(1);
    w.clock.set('2026-03-02T09:00:00.000Z');
    await submitResponse(deps, clientId, asTherapist(), {
      instrumentCode: 'session_check_therapist',
      answers: check(9, 9, 9, 9),
      sessionId: ids[3]!,
      source: 'in_session',
      completedAt: '2026-01-26T11:05:00Z',
    });
    expect(await alertsOf('therapist_more_positive')).toHaveLength(1);
    const series = await scoreSeries(deps, clientId);
    const sc = series.find((x) => x.code === 'session_check')!;
    expect(sc.ruptureIds).toHaveLength(1);
  });
});

describe('schedules and instruments', () => {
  it('due: intake until answered; after-session for the last attended session; the client sees only what they answer', async () => {
    const t = p.therapistId;
    await addSchedule(deps, courseId, { instrumentCode: 'phq9', cadence: 'intake' }, t);
    await addSchedule(deps, courseId, { instrumentCode: 'session_check', cadence: 'after_every_session' }, t);
    await addSchedule(deps, courseId, { instrumentCode: 'session_check_therapist', cadence: 'after_every_session' }, t);
    await expect(addSchedule(deps, courseId, { instrumentCode: 'phq9', cadence: 'intake' }, t)).rejects.toThrow(/already scheduled/);
    expect((await dueForClient(deps, clientId, 'client')).map((d) => d.instrumentCode)).toEqual(['phq9']);
    const s = await recordSession(deps, courseId, { startsAt: '2026-03-01T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
    expect((await dueForClient(deps, clientId)).map((d) => d.instrumentCode).sort()).toEqual(['phq9', 'session_check', 'session_check_therapist']);
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'phq9', answers: phq(0) });
    await submitResponse(deps, clientId, asClient(), { instrumentCode: 'session_check', answers: check(9, 9, 9, 9), sessionId: s.id });
    expect(await dueForClient(deps, clientId, 'client')).toEqual([]);
  });

  it('a practice definition is validated on import and joins the catalogue; a built-in code is refused', async () => {
    const def = {
      code: 'calm_week',
      version: '1',
      title: 'Calm week',
      respondent: 'client',
      instructions: '',
      items: [
        {
          id: 'a',
          text: 'I felt calm.',
          options: [
            { value: 0, label: 'No' },
            { value: 1, label: 'Yes' },
          ],
        },
      ],
      scoring: { method: 'sum', min: 0, max: 1, requireAllItems: true },
      bands: [{ min: 0, max: 1, label: 'All', severity: 'minimal' }],
      higherIsBetter: true,
      attribution: 'Made up.',
    };
    await importInstrument(deps, def, p.adminId);
    expect((await listInstruments(deps)).some((e) => e.def.code === 'calm_week' && !e.builtin)).toBe(true);
    await expect(importInstrument(deps, def, p.adminId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(importInstrument(deps, { ...def, code: 'phq9' }, p.adminId)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { errors: [expect.objectContaining({ path: 'code' })] },
    });
  });

  it('a practice instrument with a safety item raises the safety alert too', async () => {
    await importInstrument(
      deps,
      {
        code: 'calm_week',
        version: '1',
        title: 'Calm week',
        respondent: 'client',
        instructions: '',
        items: [
          {
            id: 'unsafe',
            text: 'I felt unsafe.',
            safety: true,
            options: [
              { value: 0, label: 'No' },
              { value: 1, label: 'Yes' },
            ],
          },
        ],
        scoring: { method: 'sum', min: 0, max: 1, requireAllItems: true },
        bands: [{ min: 0, max: 1, label: 'All', severity: 'minimal' }],
        higherIsBetter: false,
        attribution: 'Made up.',
      },
      p.adminId,
    );
    const r = await submitResponse(deps, clientId, asClient(), { instrumentCode: 'calm_week', answers: { unsafe: 1 } });
    expect(r.crisis).not.toBeNull();
    expect(await alertsOf('safety')).toHaveLength(1);
  });
});

describe('caseload measures', () => {
  it('sparkline of the latest 12, reliable change from the first, corrections replacing what they correct, alerts by urgency', async () => {
    const totals = [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6];
    let last = '';
    for (const [i, t] of totals.entries()) {
      const answers = Object.fromEntries(
        Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? 0 : Math.min(3, Math.max(0, Math.round((t - k * 3) / 3)))]),
      ) as Record<string, number>;
      const sum = Object.values(answers).reduce((x, y) => x + y, 0);
      answers.phq9_1 = answers.phq9_1! + Math.max(-answers.phq9_1!, Math.min(3 - answers.phq9_1!, t - sum));
      last = (
        await submitResponse(deps, clientId, asTherapist(), {
          instrumentCode: 'phq9',
          answers,
          source: 'paper',
          completedAt: new Date(Date.parse('2026-01-05T10:00:00Z') + i * 3 * 86_400_000).toISOString(),
        })
      ).response.id;
    }
    await submitResponse(deps, clientId, asTherapist(), { instrumentCode: 'phq9', answers: phq(1, 1), source: 'paper', supersedes: last });
    const rows = await caseloadMeasures(deps, (await p.actor(p.therapistId)).caller);
    const m = rows.find((r) => r.clientId === clientId)!.measures.find((x) => x.code === 'phq9')!;
    const stored = (await deps.store.listResponseScores({ clientIds: [clientId] })).map((r) => r.total);
    expect(m.spark).toHaveLength(12);
    expect(m.spark[11]).toBe(9);
    expect(m.spark).toEqual([...stored.slice(3, 14), 9]);
    expect(m.change).toBe('reliable_improvement');
    expect(rows.find((r) => r.clientId === clientId)!.alerts.mostUrgent).toBe('safety');
    expect(await caseloadMeasures(deps, (await p.actor(p.otherTherapistId)).caller)).toEqual([]);
  });
});
