/**
 * User text is never a key into a plain object. A client's goal that says "constructor" once
 * answered 500 because the cue reader looked words up in an object literal and found
 * Object.prototype. This property test sends real words — Object.prototype's own names among them —
 * through every text field a client or a staff member can write, over the real app, and reads each
 * back: never a 500, and the text comes back exactly as it was saved (after the edge's trim).
 * The readers of those texts (the cue panel, the alliance summary and timeline, the comparison of
 * Expectations checks) are called too, because they are where the words are analysed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import { expectationsInstrument } from '../domain/alliance/expectations.ts';

/** Every name Object.prototype (and a function) answers to, plus spellings around them. */
const PROTO_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
  '__proto__',
  'constructor',
  'Constructor',
  'CONSTRUCTOR',
  'constructors',
  "constructor's",
  "constructor'll",
  "constructorn't",
  'toString()',
  '__proto__.x',
  'hasOwnProperty?',
  'valueOf,',
  'isPrototypeOf.',
];
/** Ordinary words of client texts, including the ones the cue reader spells out or splits. */
const WORDS = [
  'I',
  'want',
  'my',
  'mother',
  'to',
  'change',
  "don't",
  "can't",
  "won't",
  "I'm",
  "it's",
  'wanna',
  'gonna',
  'dunno',
  'cannot',
  'idk',
  'never',
  'not',
  'a',
  'quick',
  'fix',
  'the',
  'pattern',
  'keep',
  'gains',
  'going',
  'therapy',
  'you',
  'should',
  'fix',
  'me',
  'tried',
  'practised',
  'breathing',
  'again',
  'they',
  'need',
  'help',
  'what',
  'is',
  'this',
  'for',
  'ca',
  'wo',
  'sha',
  "'s",
  "'cause",
  'cuz',
  'and',
  'but',
  'no',
  'nothing',
  'works',
  'déjà',
  'vu',
  'naïve',
  '—',
  '…',
  'ok!',
  'why?',
];

const word = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 12 })
      .map((s) => s.replace(/\s/g, ''))
      .filter((s) => s.length > 0),
  },
);
/** A short text with at least one of Object.prototype's names in it, no whitespace at either end. */
const text = fc
  .tuple(fc.array(word, { minLength: 0, maxLength: 10 }), fc.constantFrom(...PROTO_NAMES), fc.nat(), fc.constantFrom(' ', ' ', ', ', '. ', ' - '))
  .map(([words, proto, at, sep]) => {
    const all = [...words];
    all.splice(at % (all.length + 1), 0, proto);
    return all.join(sep).trim();
  })
  .filter((s) => s.length > 0 && s.length <= 400);

const answers = (side: 'client' | 'therapist') => Object.fromEntries(expectationsInstrument(side).statements.map((s, i) => [s.id, i % 5]));
const ok = (res: LightMyRequestResponse, what: string) => {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
  return res.json();
};
const notServerError = (res: LightMyRequestResponse, what: string) => expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);

describe('every writable text field takes any words, Object.prototype’s names among them', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('the cue reader’s words: goals, agreements, Expectations free text and notes are saved and read back exactly', async () => {
    const { therapist, clientSelf, supervisor } = cast.agents;
    const clientId = cast.ids.clientC;
    let course = cast.ids.courseK;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          clientGoal: text,
          clientWords: text,
          therapistGoal: text,
          agreeWords: text,
          note: text,
          revised: text,
          statement: text,
          reason: text,
          confirmWords: text,
          declineWords: text,
          clientFree: text,
          therapistFree: text,
          gas: text,
        }),
        async (t) => {
          // A fresh course per run, so the Expectations check is due (at intake) on both sides.
          ok(await therapist.req('PATCH', `/api/courses/${course}`, { status: 'ended', endedOn: '2026-03-01', endReason: 'planned' }), 'end course');
          course = ok(await therapist.req('POST', `/api/clients/${clientId}/courses`, { startedOn: '2026-03-01', frequency: 'weekly' }), 'open course').id;
          const base = `/api/courses/${course}`;

          // Expectations free text, each side.
          const c = ok(await clientSelf.req('POST', `${base}/expectations`, { answers: answers('client'), freeText: t.clientFree }), 'client expectations');
          expect(c.freeText).toBe(t.clientFree);
          ok(await therapist.req('POST', `${base}/expectations`, { answers: answers('therapist'), freeText: t.therapistFree }), 'therapist expectations');
          expect(ok(await clientSelf.req('GET', `${base}/expectations`), 'client reads').mine[0].freeText).toBe(t.clientFree);
          expect(ok(await therapist.req('GET', `${base}/expectations`), 'therapist reads').mine[0].freeText).toBe(t.therapistFree);
          const compared = ok(await therapist.req('GET', `${base}/expectations/compare`), 'compare');
          expect(compared.latest.client.freeText).toBe(t.clientFree);
          expect(compared.latest.therapist.freeText).toBe(t.therapistFree);

          // Goals: the client's own, the therapist's agreed in the client's words, revised, closed with a note.
          const mine = ok(await clientSelf.req('POST', `${base}/goals`, { text: t.clientGoal, focus: 'pattern_in_myself' }), 'client goal');
          ok(await therapist.req('POST', `${base}/goals/${mine.id}/agree`, { words: t.agreeWords }), 'therapist agrees');
          const theirs = ok(await therapist.req('POST', `${base}/goals`, { text: t.therapistGoal, focus: 'skill' }), 'therapist goal');
          ok(await clientSelf.req('POST', `${base}/goals/${theirs.id}/agree`, { words: t.clientWords }), 'client agrees');
          ok(await therapist.req('PUT', `${base}/goals/${theirs.id}/gas`, { weight: 1, descriptions: { '-2': t.gas, '2': t.gas } }), 'GAS');
          ok(await therapist.req('POST', `${base}/goals/${mine.id}/revise`, { text: t.revised, focus: 'pattern_in_myself', note: t.note }), 'revise');
          ok(await therapist.req('POST', `${base}/goals/${theirs.id}/close`, { action: 'achieve', note: t.note }), 'close');
          const goals = ok(await therapist.req('GET', `${base}/goals`), 'goals').goals as {
            id: string;
            text: string;
            agreement?: { words: string };
            closure?: { note?: string };
            gas?: { descriptions?: Record<string, string> };
          }[];
          const byId = new Map(goals.map((g) => [g.id, g]));
          expect(byId.get(mine.id)!.text).toBe(t.clientGoal);
          expect(byId.get(mine.id)!.agreement!.words).toBe(t.agreeWords);
          expect(byId.get(mine.id)!.closure!.note).toBe(t.note);
          expect(byId.get(theirs.id)!.text).toBe(t.therapistGoal);
          expect(byId.get(theirs.id)!.agreement!.words).toBe(t.clientWords);
          expect(byId.get(theirs.id)!.gas!.descriptions!['-2']).toBe(t.gas);
          expect(goals.filter((g) => g.id !== mine.id && g.id !== theirs.id).map((g) => g.text)).toEqual([t.revised]);
          const clientGoals = ok(await clientSelf.req('GET', `${base}/goals`), 'client goals').goals as { id: string; text: string }[];
          expect(clientGoals.find((g) => g.id === mine.id)!.text).toBe(t.clientGoal);

          // Agreements: proposed by the therapist, confirmed in the client's words; a shift with its reason, declined.
          const first = ok(
            await therapist.req('POST', `${base}/agreements`, {
              statement: t.statement,
              allianceType: 'working',
              frequency: 'weekly',
              reviewPoint: { kind: 'after_sessions', sessions: 6 },
            }),
            'agreement',
          );
          const proposed = (first.agreements as { id: string; status: string }[]).find((a) => a.status === 'pending')!;
          ok(await clientSelf.req('POST', `${base}/agreements/${proposed.id}/confirm`, { words: t.confirmWords }), 'confirm');
          const shift = ok(
            await therapist.req('POST', `${base}/agreements`, {
              statement: t.statement,
              allianceType: 'therapeutic',
              frequency: 'weekly',
              reviewPoint: { kind: 'after_sessions', sessions: 6 },
              reason: t.reason,
            }),
            'shift',
          );
          const pending = (shift.agreements as { id: string; status: string }[]).find((a) => a.status === 'pending')!;
          ok(await clientSelf.req('POST', `${base}/agreements/${pending.id}/decline`, { words: t.declineWords }), 'decline');
          const ledger = ok(await clientSelf.req('GET', `${base}/ledger`), 'ledger');
          expect(ledger.inForce.terms.statement).toBe(t.statement);
          expect(ledger.inForce.confirmation.words).toBe(t.confirmWords);
          expect(JSON.stringify(ledger)).toContain(JSON.stringify(t.reason));
          expect(JSON.stringify(ledger)).toContain(JSON.stringify(t.declineWords));

          // The readers that analyse the words.
          for (const url of [`/api/clients/${clientId}/cues`, `${base}/alliance`, `${base}/alliance/timeline`, `${base}/attendance`]) {
            ok(await therapist.req('GET', url), url);
            ok(await supervisor.req('GET', url), `supervisor ${url}`);
          }
          for (const url of [`${base}/alliance`, `${base}/alliance/timeline`]) ok(await clientSelf.req('GET', url), `client ${url}`);
        },
      ),
      { numRuns: 8, endOnFailure: true },
    );
  }, 240_000);

  it('names, practice settings, alert notes and instrument definitions are saved and read back exactly', async () => {
    const { therapist, admin, clientSelf } = cast.agents;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: text, renamed: text, practice: text, crisis: text, staff: text, note: text, title: text, item: text, option: text, band: text }),
        fc.shuffledSubarray(
          [
            'constructor',
            'toString',
            'valueOf',
            'hasOwnProperty',
            'isPrototypeOf',
            'propertyIsEnumerable',
            'toLocaleString',
            'prototype',
            'apply',
            'call',
            'bind',
          ],
          { minLength: 1, maxLength: 4 },
        ),
        async (t, itemIds) => {
          n += 1;
          const name = t.name.slice(0, 200);
          const created = ok(await therapist.req('POST', '/api/clients', { name }), 'client');
          expect(ok(await therapist.req('GET', `/api/clients/${created.id}`), 'read client').name).toBe(name);
          ok(await therapist.req('PATCH', `/api/clients/${created.id}`, { name: t.renamed.slice(0, 200).trimEnd() }), 'rename');
          expect(ok(await therapist.req('GET', `/api/clients/${created.id}`), 'read client').name).toBe(t.renamed.slice(0, 200).trimEnd());
          expect(
            (ok(await therapist.req('GET', '/api/clients'), 'caseload').items as { id: string; name: string }[]).find((r) => r.id === created.id)!.name,
          ).toBe(t.renamed.slice(0, 200).trimEnd());

          const practiceName = t.practice.slice(0, 120).trimEnd(); // the edge trims names
          const crisis = `Call 999 or the practice line. ${t.crisis}`.slice(0, 2000).trimEnd();
          ok(await admin.req('PATCH', '/api/practice', { name: practiceName, crisisInfo: crisis }), 'practice');
          const practice = ok(await clientSelf.req('GET', '/api/practice'), 'read practice');
          expect(practice.name).toBe(practiceName);
          expect(practice.crisisInfo).toBe(crisis);

          ok(await admin.req('PATCH', `/api/users/${cast.practice.otherTherapistId}`, { displayName: t.staff.slice(0, 120).trimEnd() }), 'staff name');
          expect(
            (ok(await admin.req('GET', '/api/users'), 'staff').items as { id: string; displayName: string }[]).find(
              (u) => u.id === cast.practice.otherTherapistId,
            )!.displayName,
          ).toBe(t.staff.slice(0, 120).trimEnd());

          // A safety answer raises an alert; its resolution note is free text.
          const phqDef = ok(await therapist.req('GET', '/api/instruments/phq9'), 'phq9');
          const phqAnswers = Object.fromEntries((phqDef.items as { id: string }[]).map((item, i) => [item.id, i === 8 ? 1 : 0]));
          ok(await clientSelf.req('POST', `/api/clients/${cast.ids.clientC}/responses`, { instrumentCode: 'phq9', answers: phqAnswers }), 'phq9');
          const open = (ok(await therapist.req('GET', `/api/clients/${cast.ids.clientC}/alerts`), 'alerts') as { id: string; kind: string }[]).find(
            (a) => a.kind === 'safety',
          )!;
          const note = `Phoned the client the same day. ${t.note}`;
          ok(await therapist.req('POST', `/api/alerts/${open.id}/resolve`, { note, followUpAction: 'contacted_client' }), 'resolve');
          expect(ok(await therapist.req('GET', `/api/alerts/${open.id}`), 'alert').resolution.note).toBe(note);

          // A practice instrument whose item ids are Object.prototype's names, with free text everywhere.
          const code = `proto_${n}_${Date.now() % 100000}`;
          const definition = {
            code,
            version: '1',
            title: t.title,
            respondent: 'client',
            instructions: t.item,
            attribution: t.option,
            licence: t.band,
            higherIsBetter: true,
            items: itemIds.map((id) => ({
              id,
              text: `${t.item} ${id}`,
              options: [
                { value: 0, label: t.option },
                { value: 1, label: `${t.option} ${id}` },
              ],
            })),
            scoring: { method: 'sum', min: 0, max: itemIds.length, requireAllItems: true },
            bands: [{ min: 0, max: itemIds.length, label: t.band, severity: 'minimal' }],
          };
          ok(await admin.req('POST', '/api/instruments', definition), 'import');
          const read = ok(await clientSelf.req('GET', `/api/instruments/${code}`), 'read instrument');
          expect(read).toMatchObject({ title: t.title, instructions: t.item, attribution: t.option, licence: t.band, bands: [{ label: t.band }] });
          expect(read.items.map((i: { id: string; text: string }) => [i.id, i.text])).toEqual(itemIds.map((id) => [id, `${t.item} ${id}`]));
          const given = Object.fromEntries(itemIds.map((id, i) => [id, i % 2]));
          const sent = ok(
            await clientSelf.req('POST', `/api/clients/${cast.ids.clientC}/responses`, { instrumentCode: code, answers: given }),
            'answer instrument',
          );
          expect(sent.response.valid).toBe(true);
          const back = (
            ok(await clientSelf.req('GET', `/api/clients/${cast.ids.clientC}/responses`), 'responses') as { id: string; answers: Record<string, number> }[]
          ).find((r) => r.id === sent.response.id)!;
          expect(back.answers).toEqual(given);
          ok(await therapist.req('GET', `/api/clients/${cast.ids.clientC}/scores`), 'scores');
        },
      ),
      { numRuns: 8, endOnFailure: true },
    );
  }, 240_000);

  it('Object.prototype’s names in paths, queries and JSON keys are refused or not found, never a 500', async () => {
    const { therapist, clientSelf, admin } = cast.agents;
    const base = `/api/clients/${cast.ids.clientC}`;
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
      const e = encodeURIComponent(name);
      notServerError(await therapist.req('GET', `/api/instruments/${e}`), `instrument ${name}`);
      notServerError(await therapist.req('GET', `/api/instruments/phq9?version=${e}`), `version ${name}`);
      notServerError(await therapist.req('GET', `/api/alerts?status=${e}`), `status ${name}`);
      notServerError(await therapist.req('GET', `/api/clients/${e}`), `client ${name}`);
      notServerError(await admin.req('GET', `/api/audit?${e}=1`), `audit query ${name}`);
      notServerError(await clientSelf.req('POST', `${base}/responses`, JSON.parse(`{"instrumentCode":"phq9","answers":{"${name}":1}}`)), `answers key ${name}`);
      notServerError(await clientSelf.req('POST', `${base}/responses`, { instrumentCode: name, answers: {} }), `instrument code ${name}`);
      notServerError(
        await clientSelf.req('POST', `/api/courses/${cast.ids.courseK}/expectations`, JSON.parse(`{"answers":{"${name}":1}}`)),
        `expectations key ${name}`,
      );
      notServerError(
        await therapist.req('PUT', `/api/courses/${cast.ids.courseK}/goals/${cast.ids.courseK}/gas`, JSON.parse(`{"descriptions":{"${name}":"x"}}`)),
        `GAS key ${name}`,
      );
      notServerError(
        await clientSelf.req('POST', `/api/courses/${cast.ids.courseK}/goals`, JSON.parse(`{"text":"x","focus":"skill","${name}":{"a":1}}`)),
        `goal key ${name}`,
      );
      notServerError(await clientSelf.req('POST', `/api/courses/${cast.ids.courseK}/goals`, { text: 'x', focus: name }), `goal focus ${name}`);
      notServerError(await admin.req('POST', '/api/instruments', JSON.parse(`{"${name}":1,"code":"x_${name.replace(/\W/g, '')}"}`)), `definition key ${name}`);
    }
  });
});
