/**
 * A client's responses are their own projection (SPEC §2: the client sees no alerts — crisis
 * information instead; language cues are the therapist's prompts, SPEC §5.5). With a rich record —
 * cue-laden goal and Expectations texts, a reliable deterioration, a Session check rupture, a
 * safety answer, and staff reading the alerts and the cues — the client, signed in, walks every
 * GET route the policy table lets them call, and no response carries a cue or alert-derived key or
 * any of the alerts' or cues' text. Staff still see all of it on the same routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import { POLICY } from '../domain/access.ts';
import { expectationsInstrument } from '../domain/alliance/expectations.ts';
import { routeTable } from './app.ts';

/** Keys that only cue or alert-derived data uses. */
const DENIED_KEYS = new Set([
  'findings',
  'alertsRaised',
  'alerts',
  'alert',
  'cues',
  'freeTextCues',
  'evidence',
  'topEvidence',
  'inferred',
  'deterioratedIds',
  'ruptureIds',
  'rupture',
  'suggestedConversation',
  'dedupeKey',
  'escalationMinutes',
  'notesRevealDays',
  'escalatedTo',
  'escalatedAt',
  'acknowledgedBy',
]);
/** Words of the audit trail and the cue reader that name what the client may not see. */
const DENIED_FRAGMENTS = [
  'alerts:',
  'alert:',
  'cues:',
  'magical_external',
  'magical_quick_fix',
  'rupture_withdrawal',
  'rupture_confrontation',
  'self_agency',
  'externalising',
];

const CLIENT_GOAL = 'I just want my mother to stop criticising me, and for someone to fix this quickly.';
const CLIENT_FREE_TEXT = 'I hope my boss changes and everything gets better on its own. I dunno, I have tried everything.';

type Json = unknown;
function walk(value: Json, path: string, visit: (path: string, key: string | null, value: Json) => void): void {
  visit(path, null, value);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(`${path}.${k}`, k, v);
      walk(v, `${path}.${k}`, visit);
    }
  }
}

describe('what a client reads of their own record', () => {
  let cast: Cast;
  const clientPosts: { what: string; body: Json }[] = [];
  let goalId = '';
  let agreementId = '';

  beforeAll(async () => {
    cast = await makeCast();
    const { therapist, clientSelf } = cast.agents;
    const k = cast.ids.courseK;
    const c = cast.ids.clientC;
    const post = async (agent: typeof therapist, url: string, body: unknown, what: string) => {
      const res = await agent.req('POST', url, body);
      if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
      if (agent === clientSelf) clientPosts.push({ what, body: res.json() });
      return res.json();
    };
    const sessionIds: string[] = [];
    for (const day of ['2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09']) {
      sessionIds.push(
        (await post(therapist, `/api/courses/${k}/sessions`, { startsAt: `${day}T10:00:00.000Z`, durationMinutes: 50, status: 'attended' }, 'session')).id,
      );
    }
    const answers = (side: 'client' | 'therapist', value: (type: string) => number) =>
      Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, value(s.type)]));
    await post(therapist, `/api/courses/${k}/expectations`, { answers: answers('therapist', (t) => (t === 'therapeutic' ? 4 : 1)) }, 'therapist expectations');
    await post(
      clientSelf,
      `/api/courses/${k}/expectations`,
      { answers: answers('client', (t) => (t === 'magical' ? 4 : 0)), freeText: CLIENT_FREE_TEXT },
      'client expectations',
    );
    goalId = (await post(clientSelf, `/api/courses/${k}/goals`, { text: CLIENT_GOAL, focus: 'change_in_others' }, 'client goal')).id;
    await post(therapist, `/api/courses/${k}/goals/${goalId}/agree`, { words: 'Let us start there.' }, 'therapist agrees');
    const ledger = await post(
      therapist,
      `/api/courses/${k}/agreements`,
      {
        statement: 'We work on what happens between you and your mother.',
        allianceType: 'therapeutic',
        frequency: 'weekly',
        reviewPoint: { kind: 'after_sessions', sessions: 6 },
      },
      'agreement',
    );
    agreementId = (ledger.agreements as { id: string; status: string }[]).find((a) => a.status === 'pending')!.id;
    await post(clientSelf, `/api/courses/${k}/agreements/${agreementId}/confirm`, { words: 'Yes, that is what I need.' }, 'confirm');

    // A low PHQ-9 at intake, then a high one with item 9 endorsed: reliable deterioration and a safety answer.
    const phq = (total: number, item9: number) => {
      const a: Record<string, number> = {};
      let left = total - item9;
      for (let i = 1; i <= 8; i++) {
        const v = Math.min(3, left);
        a[`phq9_${i}`] = v;
        left -= v;
      }
      return a;
    };
    const phqDef = (await therapist.req('GET', '/api/instruments/phq9')).json() as { items: { id: string }[] };
    const phqAnswers = (total: number, item9: number) => {
      const byIndex = phq(total, item9);
      return Object.fromEntries(phqDef.items.map((item, i) => [item.id, i === 8 ? item9 : byIndex[`phq9_${i + 1}`]!]));
    };
    await post(
      therapist,
      `/api/clients/${c}/responses`,
      { instrumentCode: 'phq9', answers: phqAnswers(3, 0), source: 'paper', completedAt: '2026-01-05T09:00:00.000Z', courseId: k },
      'intake phq9',
    );
    await post(clientSelf, `/api/clients/${c}/responses`, { instrumentCode: 'phq9', answers: phqAnswers(18, 1), courseId: k }, 'client phq9');
    // Three good Session checks, then a sharp drop: a rupture.
    const sc = (v: number) => ({ heard: v, mattered: v, approach: v, overall: v });
    for (const [i, day] of ['2026-01-12', '2026-01-19', '2026-01-26'].entries()) {
      await post(
        therapist,
        `/api/clients/${c}/responses`,
        { instrumentCode: 'session_check', answers: sc(9), source: 'in_session', completedAt: `${day}T11:00:00.000Z`, courseId: k, sessionId: sessionIds[i] },
        `session check ${i}`,
      );
    }
    await post(
      clientSelf,
      `/api/clients/${c}/responses`,
      { instrumentCode: 'session_check', answers: sc(3), courseId: k, sessionId: sessionIds[4] },
      'client session check',
    );

    // Staff read the alerts and the cues.
    for (const agent of [therapist, cast.agents.supervisor]) {
      const alerts = (await agent.req('GET', `/api/clients/${c}/alerts?status=all`)).json() as { id: string }[];
      await agent.req('GET', '/api/alerts');
      for (const a of alerts) await agent.req('GET', `/api/alerts/${a.id}`);
      await agent.req('GET', `/api/clients/${c}/cues`);
    }
    const first = ((await therapist.req('GET', `/api/clients/${c}/alerts`)).json() as { id: string }[])[0]!;
    await therapist.req('POST', `/api/alerts/${first.id}/acknowledge`);
  }, 120_000);
  afterAll(async () => {
    await cast?.close();
  });

  it('the record is rich: staff see cues, alerts, marks and the reads of alerts', async () => {
    const { therapist } = cast.agents;
    const c = cast.ids.clientC;
    const alerts = (await therapist.req('GET', `/api/clients/${c}/alerts?status=all`)).json() as { kind: string }[];
    expect(alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['safety', 'rupture', 'not_on_track']));
    const cues = (await therapist.req('GET', `/api/clients/${c}/cues`)).json() as { items: { cues: unknown[] }[] };
    expect(cues.items.flatMap((i) => i.cues).length).toBeGreaterThan(0);
    const summary = (await therapist.req('GET', `/api/courses/${cast.ids.courseK}/alliance`)).json() as { inferred: { evidence: { kind: string }[] } };
    expect(summary.inferred.evidence.some((e) => e.kind === 'language')).toBe(true);
    const scores = (await therapist.req('GET', `/api/clients/${c}/scores`)).json() as { code: string; deterioratedIds: string[]; ruptureIds: string[] }[];
    expect(scores.find((s) => s.code === 'phq9')!.deterioratedIds.length).toBeGreaterThan(0);
    expect(scores.find((s) => s.code === 'session_check')!.ruptureIds.length).toBeGreaterThan(0);
    const report = (await therapist.req('GET', `/api/clients/${c}/access-report`)).json() as { action: string }[];
    expect(report.map((r) => r.action)).toEqual(expect.arrayContaining(['alerts:client', 'alert:read', 'cues:read']));
    expect(((await therapist.req('GET', '/api/practice')).json() as { escalationMinutes: number }).escalationMinutes).toBeTypeOf('number');
  });

  it('no response a client can call carries a cue or alert-derived key or text', async () => {
    const { therapist, clientSelf } = cast.agents;
    const c = cast.ids.clientC;
    // What must not reach the client: every alert's id and words, every cue's reason, rule and matched words.
    const alerts = (await therapist.req('GET', `/api/clients/${c}/alerts?status=all`)).json() as {
      id: string;
      title: string;
      summary: string;
      suggestedConversation: string;
      evidence: { label: string }[];
    }[];
    const alertTexts = alerts
      .flatMap((a) => [a.id, a.title, a.summary, a.suggestedConversation, ...a.evidence.map((e) => e.label)])
      .filter((s) => s.length > 3);
    const cueItems = (
      (await therapist.req('GET', `/api/clients/${c}/cues`)).json() as { items: { text: string; cues: { reason: string; rule: string; words: string }[] }[] }
    ).items;
    const cueReasons = cueItems.flatMap((i) => i.cues.flatMap((q) => [q.reason, q.rule]));
    const clientTexts = new Set(cueItems.map((i) => i.text));
    const cueQuotes = new Set(cueItems.flatMap((i) => i.cues.map((q) => q.words)).filter((w) => !clientTexts.has(w)));
    expect(cueQuotes.size).toBeGreaterThan(0);

    const check = (what: string, body: Json) => {
      walk(body, what, (path, key, value) => {
        if (key !== null) expect(DENIED_KEYS.has(key), `${path}: key "${key}"`).toBe(false);
        if (typeof value !== 'string') return;
        for (const f of DENIED_FRAGMENTS) expect(value.includes(f), `${path} contains "${f}": ${value}`).toBe(false);
        for (const t of alertTexts) expect(value.includes(t), `${path} carries alert text "${t}"`).toBe(false);
        for (const r of cueReasons) expect(value.includes(r), `${path} carries cue text "${r}"`).toBe(false);
        expect(cueQuotes.has(value), `${path} is a cue quote: ${value}`).toBe(false);
      });
    };

    // Every GET route the policy lets a client call, with the client's own ids in its path.
    const fill: Record<string, string> = {
      clientId: c,
      courseId: cast.ids.courseK,
      sessionId: cast.ids.sessionS,
      goalId,
      agreementId,
      code: 'phq9',
      table: 'scores',
    };
    const routes = routeTable(false)
      .filter((r) => r.method === 'GET')
      .filter((r) => {
        const rule = POLICY[r.policy];
        return rule.about === 'practice'
          ? rule.audience === 'anyone' || rule.audience === 'signed_in'
          : (rule.allow as readonly string[]).includes('client_self');
      });
    const walked: string[] = [];
    for (const r of routes) {
      if (r.url.includes(':token')) continue; // an invitation, read by its token holder before signing in
      if (r.policy === 'openapi') continue; // the API's description, the same for everyone: it names every field
      const url = r.url.replace(/:(\w+)/g, (_, name: string) => {
        if (!Object.hasOwn(fill, name)) throw new Error(`no value for :${name} in ${r.url}`);
        return fill[name]!;
      });
      const res = await clientSelf.req('GET', url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      // The exports answer FHIR JSON or CSV text: each is checked as what it is.
      check(`GET ${r.url}`, String(res.headers['content-type']).includes('json') ? res.json() : res.body);
      walked.push(r.url);
    }
    expect(walked).toEqual(
      expect.arrayContaining([
        '/api/courses/:courseId/alliance',
        '/api/courses/:courseId/alliance/timeline',
        '/api/courses/:courseId/attendance',
        '/api/clients/:clientId/scores',
        '/api/clients/:clientId/access-report',
        '/api/courses/:courseId/goals',
        '/api/courses/:courseId/ledger',
        '/api/courses/:courseId/expectations',
        '/api/courses/:courseId/expectations/compare',
        '/api/clients/:clientId/responses',
        '/api/practice',
      ]),
    );
    // And what the client's own writes answered.
    for (const p of clientPosts) check(`POST ${p.what}`, p.body);
  });

  it('the client still reads their own record: scores, the agreement, their goal and their access report', async () => {
    const { clientSelf } = cast.agents;
    const c = cast.ids.clientC;
    const scores = (await clientSelf.req('GET', `/api/clients/${c}/scores`)).json() as {
      code: string;
      points: unknown[];
      change: { outcome: string } | null;
    }[];
    expect(scores.find((s) => s.code === 'phq9')!.change!.outcome).toBe('reliable_deterioration');
    expect(scores.find((s) => s.code === 'session_check')!.points.length).toBe(4);
    const summary = (await clientSelf.req('GET', `/api/courses/${cast.ids.courseK}/alliance`)).json();
    expect(summary.agreed.terms.allianceType).toBe('therapeutic');
    expect(summary.attendance.attended).toBeGreaterThan(0);
    const timeline = (await clientSelf.req('GET', `/api/courses/${cast.ids.courseK}/alliance/timeline`)).json();
    expect(timeline.points.length).toBeGreaterThan(0);
    expect(timeline.goals.map((g: { text: string }) => g.text)).toContain(CLIENT_GOAL);
    const report = (await clientSelf.req('GET', `/api/clients/${c}/access-report`)).json() as { actorName: string | null; action: string }[];
    expect(report.some((r) => r.actorName === 'Theo Therapist' && r.action === 'measures:submit')).toBe(true);
    expect(report.every((r) => Object.keys(r).sort().join() === 'action,actorName,at,outcome,resourceType,seq')).toBe(true);
    const practice = (await clientSelf.req('GET', '/api/practice')).json();
    expect(Object.keys(practice).sort()).toEqual(['crisisInfo', 'id', 'locale', 'name', 'timeZone']);
  });
});
