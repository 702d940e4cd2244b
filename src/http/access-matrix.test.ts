/**
 * The access matrix: every route driven as every kind of caller, through the real app.
 * Read a row as "this request, made by each of these people, answers this status".
 * 401 unauthenticated, 403 forbidden (can see the object, may not do this), 404 not found (out of
 * scope: exactly like a missing id). Client-scoped rows are about client C: Theo's client,
 * supervised by Sue, with a portal account ("client self"); "client other" is D's portal account.
 *
 * Routes added later that have no row here are still driven: their expected answers are derived
 * from the POLICY table (fully for GET routes about the practice or client C, and "never let in,
 * never a 500" for the rest). Add a row to pin a route down exactly.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Actor, Cast } from '../../test/support/cast.ts';
import { ACTORS, errorOf, makeCast } from '../../test/support/cast.ts';
import { PASSWORD } from '../../test/support/harness.ts';
import type { Caller, ClientRule, PolicyRule, PracticeRule, Relation } from '../domain/access.ts';
import { POLICY, decideClient, decidePractice } from '../domain/access.ts';
import type { Role } from '../domain/people.ts';
import { acceptInvite, createInvite, updateStaff } from '../services/accounts/users.ts';
import { createAccountReset } from '../services/accounts/recovery.ts';
import { updateCourse } from '../services/people/clients.ts';
import { saveSummary } from '../services/ending/ending.ts';
import { submitResponse } from '../services/measures/measures.ts';
import { addSchedule } from '../services/measures/schedules.ts';
import { changeGoal, proposeCourseGoal, setGoalScale } from '../services/alliance/goals.ts';
import { proposeAgreement } from '../services/alliance/agreements.ts';
import { signNote, writeNote } from '../services/notes/notes.ts';
import { expectationsInstrument } from '../domain/alliance/expectations.ts';
import { GOAL_FOCI } from '../domain/alliance/goals.ts';
import { SAFETY_FOLLOW_UP_ACTIONS } from '../domain/alerts/alert.ts';
import type { Side } from '../domain/alliance/course.ts';
import { grantProcessNotes, writeProcessNote } from '../services/process-notes/process-notes.ts';
import { createTarget, createTracker, enterTrackerDay, logPractice, updateTarget } from '../services/skills/skills.ts';
import { routeTable } from './app.ts';
import { placeHold } from '../services/data-rights/erasure.ts';
import { writeSupervisionNote } from '../services/supervision/notes.ts';

type Expect = number | `${number} ${string}`; // a status, or a status and the error code when it is not the usual one
type Row = {
  route: string; // "METHOD /path/:param"
  body?: (cast: Cast) => unknown;
  /** Changes the world before the row runs (each mutating row gets a fresh world). */
  prepare?: (cast: Cast) => Promise<void>;
  /** Path parameters beyond the usual ones; may make something per actor (a fresh invite). */
  params?: (cast: Cast) => Promise<Record<string, string>>;
  expect: [Expect, Expect, Expect, Expect, Expect, Expect, Expect, Expect, Expect];
};

//                                               anon  disab cl-oth cl-self oth-th oth-sup sup  ther  admin
const MATRIX: Row[] = [
  // Public
  { route: 'GET /api/health', expect: /*                    */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/openapi.json', expect: /*              */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/setup', expect: /*                     */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/setup',
    body: () => ({
      token: 'x'.repeat(20),
      practiceName: 'Again',
      timeZone: 'UTC',
      adminName: 'Mallory',
      adminEmail: 'm@test.accord',
      password: 'another long passphrase',
    }),
    expect: [
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
      '409 setup_done',
    ],
  },
  {
    route: 'POST /api/session',
    body: (c) => ({ email: c.practice.emails.therapist, password: PASSWORD }),
    expect: [201, 201, 201, 201, 201, 201, 201, 201, 201],
  },
  { route: 'GET /api/invites/:token', params: freshInvite, expect: /*  */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/invites/:token/accept',
    params: freshInvite,
    body: () => ({ displayName: 'New Person', password: PASSWORD }),
    expect: /*                                               */ [201, 201, 201, 201, 201, 201, 201, 201, 201],
  },

  // Own session and account
  { route: 'GET /api/session', expect: /*                   */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'DELETE /api/session', expect: /*                */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/session/reauth', body: () => ({ password: PASSWORD }), expect: [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/session/mfa',
    body: () => ({ code: '123456' }), // staff without an enrolment: nothing to check the code against
    expect: /*                                               */ [401, 401, 403, 403, 409, 409, 409, 409, 409],
  },
  {
    route: 'POST /api/session/mfa/recovery',
    body: () => ({ code: 'abcd-efgh-jkmn-pqrs' }), // staff without a second factor: nothing to recover
    expect: /*                                               */ [401, 401, 403, 403, 409, 409, 409, 409, 409],
  },
  { route: 'GET /api/me/recovery-codes', expect: /*         */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/me/recovery-codes', expect: /*        */ [401, 401, 403, 403, 409, 409, 409, 409, 409] },
  { route: 'GET /api/me/mail', expect: /*                   */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'PUT /api/me/mail', body: () => ({ dailyDigest: true }), expect: [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'GET /api/resets/:token', params: freshReset, expect: /*  */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/resets/:token',
    params: freshReset,
    body: () => ({ newPassword: 'a brand new long passphrase' }),
    expect: /*                                               */ [200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  { route: 'POST /api/me/mfa', expect: /*                   */ [401, 401, 403, 403, 201, 201, 201, 201, 201] },
  { route: 'DELETE /api/me/mfa', expect: /*                 */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/me/password',
    body: () => ({ current: PASSWORD, next: 'a different long passphrase' }),
    expect: /*                                               */ [401, 401, 200, 200, 200, 200, 200, 200, 200],
  },

  // Practice administration
  { route: 'GET /api/practice', expect: /*                  */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  {
    route: 'PATCH /api/practice',
    body: () => ({ crisisInfo: 'Call 999, or the Samaritans on 116 123, at any hour.' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 200],
  },
  { route: 'GET /api/users', expect: /*                     */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/users/invites',
    body: () => ({ email: 'newbie@test.accord', roles: ['therapist'] }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 201],
  },
  { route: 'GET /api/users/invites', expect: /*             */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  {
    route: 'PATCH /api/users/:userId',
    body: () => ({ displayName: 'Olga Renamed' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 200],
  },
  {
    route: 'POST /api/users/:userId/reset',
    body: () => ({ kind: 'password' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 201],
  },
  { route: 'GET /api/mail/settings', expect: /*             */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  {
    route: 'PUT /api/mail/settings',
    body: () => ({ enabled: false, host: '', port: 587, security: 'starttls', sender: '', username: null }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 200],
  },
  { route: 'GET /api/mail/outbox', expect: /*               */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'POST /api/mail/test', body: () => ({ to: 'someone@test.accord' }), expect: [401, 401, 403, 403, 403, 403, 403, 403, 201] },
  { route: 'GET /api/supervisions', expect: /*              */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  {
    route: 'POST /api/supervisions',
    body: (c) => ({ supervisorId: c.practice.otherSupervisorId, therapistId: c.practice.otherTherapistId }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 201],
  },
  { route: 'DELETE /api/supervisions/:supervisorId/:therapistId', expect: [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'GET /api/audit', expect: /*                     */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },

  // Caseload
  { route: 'GET /api/clients', expect: /*                   */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/clients', body: () => ({ name: 'Nova New' }), expect: [401, 401, 403, 403, 201, 403, 403, 201, 403] },

  // About client C
  { route: 'GET /api/clients/:clientId', expect: /*         */ [401, 401, 404, 200, 404, 404, 200, 200, 200] },
  { route: 'PATCH /api/clients/:clientId', body: () => ({ name: 'Casey Renamed' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 200] },
  {
    route: 'POST /api/clients/:clientId/portal-invite',
    body: () => ({ email: 'casey2@example.org' }), // C already has a portal account
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 409, 403],
  },
  { route: 'PUT /api/clients/:clientId/portal', body: () => ({ status: 'active' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 200] },
  { route: 'GET /api/clients/:clientId/access-report', expect: [401, 401, 404, 200, 404, 404, 403, 200, 403] },
  { route: 'GET /api/clients/:clientId/courses', expect: /* */ [401, 401, 404, 200, 404, 404, 200, 200, 200] },
  {
    route: 'POST /api/clients/:clientId/courses',
    prepare: endCourseK,
    body: () => ({ startedOn: '2026-03-02', frequency: 'weekly' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 201, 403],
  },
  { route: 'PATCH /api/courses/:courseId', body: () => ({ phase: 'middle' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 403] },
  { route: 'POST /api/courses/:courseId/sessions', body: () => ({ startsAt: '2026-03-02T08:00:00Z' }), expect: [401, 401, 404, 403, 404, 404, 403, 201, 403] },
  { route: 'PATCH /api/sessions/:sessionId', body: () => ({ status: 'no_show' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 403] },
  // Process notes (issue 11): the author only; the supervisor without a training grant is answered as if there were none.
  { route: 'GET /api/clients/:clientId/process-notes', expect: /*  */ [401, 401, 404, 404, 404, 404, 200, 200, 404] },
  { route: 'POST /api/sessions/:sessionId/process-notes', body: () => ({ text: 'My own reaction.' }), expect: [401, 401, 404, 404, 404, 404, 403, 201, 404] },
  { route: 'GET /api/sessions/:sessionId/process-notes/:noteId', params: processNote, expect: [401, 401, 404, 404, 404, 404, 404, 200, 404] },
  {
    route: 'PUT /api/sessions/:sessionId/process-notes/:noteId',
    params: processNote,
    body: () => ({ text: 'Rewritten.' }),
    expect: [401, 401, 404, 404, 404, 404, 403, 200, 404],
  },
  { route: 'POST /api/clients/:clientId/process-note-grants', body: grantToSue, expect: [401, 401, 404, 404, 404, 404, 403, 201, 404] },
  { route: 'DELETE /api/clients/:clientId/process-note-grants/:grantId', params: grantOfTheo, expect: [401, 401, 404, 404, 404, 404, 403, 200, 404] },
  { route: 'GET /api/me/process-notes', expect: /*                  */ [401, 401, 403, 403, 200, 403, 403, 200, 403] },

  // Supervision (issue 15, SPEC §3 C9): Sue supervises Theo; Sid supervises nobody. Notes are Sue's and Theo's alone.
  { route: 'GET /api/supervision', expect: /*                       */ [401, 401, 403, 403, 403, 200, 200, 403, 403] },
  { route: 'GET /api/supervision/supervisees/:therapistId', expect: [401, 401, 403, 403, 403, 404, 200, 403, 403] },
  {
    route: 'POST /api/supervision/supervisees/:therapistId/notes',
    body: (c) => ({ focus: 'agreed_vs_inferred', allianceType: 'magical', courseId: c.ids.courseK, text: 'Name the hope that the exam nerves simply lift.' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 404, 201, 403, 403],
  },
  { route: 'GET /api/supervision/notes', expect: /*                 */ [401, 401, 403, 403, 200, 403, 403, 200, 403] },
  { route: 'GET /api/supervision/notes/:noteId', params: supervisionNote, expect: [401, 401, 403, 403, 404, 404, 200, 200, 404] },
  {
    route: 'POST /api/supervision/notes/:noteId/replies',
    params: supervisionNote,
    body: () => ({ text: 'I will ask her what would count as worthwhile.' }),
    expect: /*                                               */ [401, 401, 403, 403, 404, 404, 201, 201, 404],
  },
  { route: 'POST /api/supervision/notes/:noteId/acknowledge', params: supervisionNote, expect: [401, 401, 403, 403, 404, 403, 403, 200, 403] },
  {
    route: 'POST /api/supervision/notes/:noteId/amend',
    params: supervisionNote,
    body: () => ({ text: 'The missed sessions after the holiday: a rupture to name together?' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 404, 200, 403, 403],
  },
  {
    route: 'POST /api/supervision/notes/:noteId/withdraw',
    params: supervisionNote,
    body: () => ({ reason: 'resolved_in_session' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 404, 200, 403, 403],
  },

  // The twice-told session (SPEC §2 progress notes and reflections, §3 C6): the admin sees dates and types only
  { route: 'GET /api/sessions/:sessionId/notes', expect: /* */ [401, 401, 404, 200, 404, 404, 200, 200, 403] },
  { route: 'GET /api/clients/:clientId/progress-notes', expect: [401, 401, 404, 403, 404, 404, 200, 200, 200] },
  {
    route: 'POST /api/sessions/:sessionId/progress-note',
    body: () => ({ text: 'We went over the week; she named the row with her manager.' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 201, 403],
  },
  {
    route: 'PUT /api/sessions/:sessionId/progress-note',
    prepare: draftNoteOnS,
    body: () => ({ text: 'We went over the week.' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 403],
  },
  {
    route: 'POST /api/sessions/:sessionId/progress-note/sign',
    prepare: draftNoteOnS,
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 403],
  },
  {
    route: 'POST /api/sessions/:sessionId/progress-note/addenda',
    prepare: signedNoteOnS,
    body: () => ({ text: 'She rang the next day to say the exercise went well.' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 201, 403],
  },
  {
    route: 'PUT /api/sessions/:sessionId/progress-note/sharing',
    prepare: draftNoteOnS,
    body: () => ({ shared: true }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 403],
  },
  {
    route: 'PUT /api/sessions/:sessionId/reflection',
    body: () => ({ stoodOut: 'Talking about my manager.', shared: true }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },

  // The ending of course K (SPEC §3 C6): clinical, so the admin is answered as if it did not exist
  { route: 'GET /api/courses/:courseId/ending', expect: /*  */ [401, 401, 404, 200, 404, 404, 200, 200, 404] },
  { route: 'GET /api/courses/:courseId/ending/report', expect: [401, 401, 404, 200, 404, 404, 200, 200, 404] },
  {
    route: 'PUT /api/courses/:courseId/ending/client-list',
    prepare: courseKEnding,
    body: () => ({ items: ['I can say no without apologising.'] }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },
  {
    route: 'PUT /api/courses/:courseId/ending/summary',
    prepare: courseKEnding,
    body: () => ({ text: 'Twelve sessions on sleep and saying no; both goals met.' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/courses/:courseId/ending/close',
    prepare: endCourseKWithSummary,
    body: () => ({}),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/courses/:courseId/ending/follow-up',
    prepare: followUpDueOnK,
    body: () => ({ rating: 1, words: 'Still sleeping well.' }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },
  // Data rights (SPEC §3 C10): the therapist exports, the client takes their own copy; the supervisor and admin see the record exists
  { route: 'GET /api/clients/:clientId/export/fhir', expect: [401, 401, 404, 200, 404, 404, 403, 200, 403] },
  { route: 'GET /api/clients/:clientId/export/record', expect: [401, 401, 404, 200, 404, 404, 403, 200, 403] },
  { route: 'GET /api/clients/:clientId/export/csv/:table', params: async () => ({ table: 'scores' }), expect: [401, 401, 404, 200, 404, 404, 403, 200, 403] },
  {
    route: 'POST /api/clients/:clientId/import',
    body: () => ({ content: JSON.stringify(phqResponse()), dryRun: true }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/import',
    body: () => ({ content: JSON.stringify({ format: 'accord-courses/1', clients: [] }), dryRun: true }),
    expect: /*                                               */ [401, 401, 403, 403, 200, 403, 403, 200, 403],
  },
  // Erasure (SPEC §3 C10): the admin erases and holds (course K is open, so the erasure itself is refused with its reason)
  { route: 'GET /api/clients/:clientId/erasure', expect: /* */ [401, 401, 404, 404, 404, 404, 403, 200, 200] },
  { route: 'POST /api/clients/:clientId/erasure', body: () => ({ irreversible: true }), expect: [401, 401, 404, 404, 404, 404, 403, 403, 409] },
  { route: 'POST /api/clients/:clientId/holds', body: () => ({ reason: 'Complaint under review' }), expect: [401, 401, 404, 404, 404, 404, 403, 403, 201] },
  {
    route: 'POST /api/clients/:clientId/holds/:holdId/release',
    params: heldRecord,
    body: () => ({}),
    expect: /*                                               */ [401, 401, 404, 404, 404, 404, 403, 403, 200],
  },
  { route: 'GET /api/practice/retention', expect: /*        */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'PUT /api/practice/retention', body: () => ({ retentionYears: 8 }), expect: [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'GET /api/export/fhir', expect: /*               */ [401, 401, 403, 403, 200, 403, 403, 200, 403] },
  { route: 'GET /api/export/csv/:table', params: async () => ({ table: 'outcomes' }), expect: [401, 401, 403, 403, 200, 403, 403, 200, 403] },
  { route: 'GET /api/practice/ending', expect: /*           */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'PUT /api/practice/ending', body: () => ({ followUpMonths: 6 }), expect: [401, 401, 403, 403, 403, 403, 403, 403, 200] },

  // Skills and practice, supports and trackers of course K (SPEC §3 C5, C7): the client's own log and trackers; the admin none
  { route: 'GET /api/courses/:courseId/skills', expect: /*   */ [401, 401, 404, 200, 404, 404, 200, 200, 404] },
  {
    route: 'POST /api/courses/:courseId/skills/checks',
    body: () => ({ ratings: [{ skillId: 'listening', skilled: 1, help: 3 }] }),
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/targets',
    body: () => TARGET,
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 201, 404],
  },
  {
    route: 'PATCH /api/courses/:courseId/skills/targets/:targetId',
    prepare: activeTargetOnK,
    params: async (c) => ({ targetId: skillsMade.get(c)!.targetId! }),
    body: () => ({ targetCount: 150 }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/practice',
    prepare: activeTargetOnK,
    body: (c) => ({ targetId: skillsMade.get(c)?.targetId ?? randomUUID(), mode: 'imagined', outcome: 'went_well' }),
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    route: 'PUT /api/courses/:courseId/skills/practice/:practiceId/celebrated',
    prepare: practiceOnK,
    params: async (c) => ({ practiceId: skillsMade.get(c)!.practiceId! }),
    body: () => ({ celebrated: true }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/trackers',
    body: () => ({ label: 'A day without drinking' }),
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/trackers/:trackerId/days',
    prepare: trackerOnK,
    params: async (c) => ({ trackerId: skillsMade.get(c)!.trackerId! }),
    body: (c) => ({ day: skillsMade.get(c)?.today ?? '2026-03-02', kept: true }),
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    route: 'PUT /api/courses/:courseId/skills/trackers/:trackerId/days/:day',
    prepare: trackerDayOnK,
    params: async (c) => ({ trackerId: skillsMade.get(c)!.trackerId!, day: skillsMade.get(c)!.today! }),
    body: () => ({ kept: false }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/breaks',
    body: () => ({ startsOn: '2026-04-01', endsOn: '2026-04-14', label: 'Easter' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 201, 404],
  },
  {
    route: 'POST /api/courses/:courseId/skills/support',
    body: () => ({ calm: 2, people: 3, supports: [{ kind: 'person', name: 'My sister' }] }),
    expect: /*                                               */ [401, 401, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    route: 'PUT /api/courses/:courseId/skills/sharing',
    body: () => ({ shared: true }),
    expect: /*                                               */ [401, 401, 404, 200, 404, 404, 403, 403, 404],
  },
  { route: 'GET /api/practice/skills', expect: /*           */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'PUT /api/practice/skills', body: () => ({ catalogue: null, stalledDays: 10 }), expect: [401, 401, 403, 403, 403, 403, 403, 403, 200] },
];

/** A target skill's plan as both sides write it. */
const TARGET = {
  skillId: 'listening',
  why: 'Arguments at home start when I interrupt.',
  goalIds: [],
  situations: ['Dinner with my partner'],
  doMore: { thoughts: [], feelings: [], behaviours: ['Let them finish'] },
  doLess: { thoughts: [], feelings: [], behaviours: ['Interrupt'] },
  sources: [],
  practicePlan: 'Once a day at dinner.',
  targetCount: 100,
};
/** What a row's preparation made, for its params and body. */
const skillsMade = new WeakMap<Cast, { targetId?: string; practiceId?: string; trackerId?: string; today?: string }>();
/** An active target on course K: proposed by the therapist, agreed by the client. */
async function activeTargetOnK(c: Cast): Promise<void> {
  const v = await createTarget(c.world.deps, c.ids.courseK, { userId: c.practice.therapistId, side: 'therapist' }, TARGET);
  const targetId = v.targets.at(-1)!.id;
  await updateTarget(c.world.deps, c.ids.courseK, targetId, 'client', { status: 'active' });
  skillsMade.set(c, { targetId, today: v.today });
}
async function practiceOnK(c: Cast): Promise<void> {
  await activeTargetOnK(c);
  const v = await logPractice(c.world.deps, c.ids.courseK, { targetId: skillsMade.get(c)!.targetId!, mode: 'real_life', outcome: 'mixed' });
  skillsMade.set(c, { ...skillsMade.get(c), practiceId: v.practice![0]!.id });
}
async function trackerOnK(c: Cast): Promise<void> {
  const v = await createTracker(c.world.deps, c.ids.courseK, 'A day without drinking');
  skillsMade.set(c, { trackerId: v.trackers![0]!.id, today: v.today });
}
async function trackerDayOnK(c: Cast): Promise<void> {
  await trackerOnK(c);
  const m = skillsMade.get(c)!;
  await enterTrackerDay(c.world.deps, c.ids.courseK, m.trackerId!, { day: m.today!, kept: true }, 'new');
}

/** A hold on client C, placed by the admin. */
async function heldRecord(c: Cast): Promise<Record<string, string>> {
  const v = await placeHold(c.world.deps, c.ids.clientC, c.practice.adminId, 'Complaint under review');
  return { holdId: v.holds[0]!.id };
}

/** Another system's PHQ-9 answers, given during course K. */
function phqResponse() {
  const codes = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: 'http://loinc.org/q/44249-1',
    authored: '2026-02-02T10:00:00Z',
    item: codes.map((linkId) => ({ linkId, answer: [{ valueInteger: 1 }] })),
  };
}

/** A process note Theo wrote on session S. */
async function processNote(c: Cast): Promise<Record<string, string>> {
  const n = await writeProcessNote(c.world.deps, c.practice.therapistId, c.ids.sessionS, 'Felt protective of the client today.');
  return { noteId: n.id };
}
/** A supervision note Sue wrote to Theo about course K. */
async function supervisionNote(c: Cast): Promise<Record<string, string>> {
  const n = await writeSupervisionNote(c.world.deps, c.practice.supervisorId, c.practice.therapistId, {
    focus: 'rupture',
    allianceType: null,
    courseId: c.ids.courseK,
    text: 'The missed sessions after the holiday: a rupture to name?',
  });
  return { noteId: n.id };
}
/** A training grant for Sue (Theo's supervisor), a week from now. */
function grantToSue(c: Cast) {
  return { granteeId: c.practice.supervisorId, expiresAt: new Date(c.world.deps.clock.now().getTime() + 7 * 86_400_000).toISOString() };
}
async function grantOfTheo(c: Cast): Promise<Record<string, string>> {
  const g = await grantProcessNotes(c.world.deps, c.practice.therapistId, c.ids.clientC, grantToSue(c));
  return { grantId: g.id };
}

async function draftNoteOnS(c: Cast): Promise<void> {
  await writeNote(c.world.deps, c.ids.sessionS, c.practice.therapistId, 'A first draft of the note.');
}
async function signedNoteOnS(c: Cast): Promise<void> {
  await draftNoteOnS(c);
  await signNote(c.world.deps, c.ids.sessionS, c.practice.therapistId);
}

async function freshInvite(c: Cast): Promise<Record<string, string>> {
  const { token } = await createInvite(c.world.deps, c.practice.adminId, { email: `inv-${randomUUID().slice(0, 8)}@test.accord`, roles: ['therapist'] });
  return { token };
}
/** A password reset link for a staff member made for the purpose (using it ends nobody else's session). */
async function freshReset(c: Cast): Promise<Record<string, string>> {
  const { token: invite } = await createInvite(c.world.deps, c.practice.adminId, {
    email: `reset-${randomUUID().slice(0, 8)}@test.accord`,
    roles: ['therapist'],
  });
  const u = await acceptInvite(c.world.deps, invite, { displayName: 'Reset Person', password: PASSWORD });
  const { token } = await createAccountReset(c.world.deps, null, u.id, 'password');
  return { token };
}
/** Course K in its termination phase: the ending may be written. */
async function courseKEnding(c: Cast): Promise<void> {
  await updateCourse(c.world.deps, c.ids.courseK, { phase: 'termination' });
}
/** Course K ended, with the therapist's closing summary written: the ending may be closed. */
async function endCourseKWithSummary(c: Cast): Promise<void> {
  await endCourseK(c);
  await saveSummary(c.world.deps, c.ids.courseK, c.practice.therapistId, 'Twelve sessions on sleep and saying no.');
}
/** Course K's ending closed with its follow-up check due today. */
async function followUpDueOnK(c: Cast): Promise<void> {
  await endCourseKWithSummary(c);
  await c.world.deps.store.closeEnding(c.ids.courseK, c.world.clock.now().toISOString(), c.practice.therapistId, '2026-03-02');
}
async function endCourseK(c: Cast): Promise<void> {
  await updateCourse(c.world.deps, c.ids.courseK, { status: 'ended', endReason: 'planned', endedOn: '2026-03-01' });
}

const DEFAULT_CODE: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'invite_invalid' };

function usualParams(c: Cast): Record<string, string> {
  return {
    clientId: c.ids.clientC,
    courseId: c.ids.courseK,
    sessionId: c.ids.sessionS,
    userId: c.practice.otherTherapistId,
    supervisorId: c.practice.supervisorId,
    therapistId: c.practice.therapistId,
  };
}
const fill = (path: string, params: Record<string, string>) => path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? randomUUID());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const LIVE = routeTable(false);
const isMutating = (route: string) => !route.startsWith('GET ');

async function drive(c: Cast, actor: Actor, row: Pick<Row, 'route' | 'body' | 'params'>) {
  const [method, path] = row.route.split(' ') as [string, string];
  const params = { ...usualParams(c), ...(row.params ? await row.params(c) : {}) };
  return c.agents[actor].req(method, fill(path, params), row.body?.(c));
}

/** A request that fails validation never reaches the policy, so a row answered that way proves nothing. */
function guardValidation(res: Awaited<ReturnType<typeof drive>>, where: string) {
  const details = res.statusCode === 400 ? (res.json() as { error?: { details?: { issues?: unknown } } }).error?.details : undefined;
  expect(details?.issues, `the row's request does not pass validation — ${where}: ${res.body.slice(0, 300)}`).toBeUndefined();
}

function check(res: Awaited<ReturnType<typeof drive>>, expected: Expect, where: string) {
  guardValidation(res, where);
  const [status, code] = String(expected).split(' ') as [string, string | undefined];
  expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBe(Number(status));
  const err = errorOf(res);
  if (Number(status) >= 400) expect(err?.code, where).toBe(code ?? DEFAULT_CODE[Number(status)]);
}

describe('the access matrix (foundation routes)', () => {
  it('has one row per foundation route, and every row is a live route', () => {
    const live = new Set(LIVE.map(key));
    for (const row of MATRIX) expect(live.has(row.route), row.route).toBe(true);
    expect(new Set(MATRIX.map((r) => r.route)).size).toBe(MATRIX.length);
  });

  describe('read-only rows, on one shared practice', () => {
    let cast: Cast;
    beforeAll(async () => {
      cast = await makeCast();
    });
    afterAll(async () => {
      await cast?.close();
    });
    for (const row of MATRIX.filter((r) => !isMutating(r.route))) {
      it(row.route, async () => {
        for (const [i, actor] of ACTORS.entries()) check(await drive(cast, actor, row), row.expect[i]!, `${row.route} as ${actor}`);
      });
    }
  });

  describe('state-changing rows, each on a fresh practice', () => {
    for (const row of MATRIX.filter((r) => isMutating(r.route))) {
      it(row.route, async () => {
        const cast = await makeCast();
        try {
          await row.prepare?.(cast);
          for (const [i, actor] of ACTORS.entries()) check(await drive(cast, actor, row), row.expect[i]!, `${row.route} as ${actor}`);
        } finally {
          await cast.close();
        }
      });
    }
  });
});

describe('out of scope answers exactly like missing', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });
  const clientRows = MATRIX.filter((r) => /:(clientId|courseId|sessionId)/.test(r.route));
  for (const row of clientRows) {
    it(row.route, async () => {
      const [method, path] = row.route.split(' ') as [string, string];
      const outOfScope = await cast.agents.otherTherapist.req(method, fill(path, usualParams(cast)), row.body?.(cast));
      const missing = await cast.agents.otherTherapist.req(method, fill(path, {}), row.body?.(cast)); // random, nonexistent ids
      const missingForOwner = await cast.agents.therapist.req(method, fill(path, {}), row.body?.(cast));
      expect(outOfScope.statusCode).toBe(404);
      for (const other of [missing, missingForOwner]) {
        expect(other.statusCode).toBe(outOfScope.statusCode);
        expect(other.json()).toEqual(outOfScope.json());
        expect(other.headers['content-type']).toBe(outOfScope.headers['content-type']);
      }
    });
  }
});

/**
 * A valid request for every route without a matrix row, so that every caller reaches the policy
 * (a body that fails validation would answer 400 to everyone and prove nothing). `params` may
 * make a fresh object per caller (a goal proposed by the other side); `service` lists where the
 * use case narrows further than the policy table, and what it answers there.
 */
type Derived = {
  body?: (c: Cast, actor: Actor, f: Fixtures) => unknown;
  params?: (c: Cast, actor: Actor, f: Fixtures) => Promise<Record<string, string>>;
  service?: Partial<Record<Actor, Expect>>;
};
type Fixtures = { alertId: string; scheduleId: string; agreedGoalId: string };

const sideOf = (actor: Actor): Side => (actor === 'clientSelf' ? 'client' : 'therapist');
const allianceActor = (c: Cast, side: Side) => ({ userId: side === 'client' ? c.ids.portalC : c.practice.therapistId, side });
const otherSide = (actor: Actor): Side => (sideOf(actor) === 'client' ? 'therapist' : 'client');
const gad7 = () => Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`gad7_${k + 1}`, 1]));
const phq9 = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? item9 : 0]));
const terms = {
  statement: 'We meet weekly and review in six sessions.',
  allianceType: 'working',
  frequency: 'weekly',
  reviewPoint: { kind: 'after_sessions', sessions: 6 },
};
/** A goal proposed by the side the caller answers. */
async function goalFromOtherSide(c: Cast, actor: Actor): Promise<Record<string, string>> {
  const g = await proposeCourseGoal(c.world.deps, c.ids.courseK, allianceActor(c, otherSide(actor)), {
    text: 'Sleep through the night more often.',
    focus: GOAL_FOCI[0]!,
  });
  return { goalId: g.id };
}
/** A proposal made by the side the caller answers. */
async function proposalFromOtherSide(c: Cast, actor: Actor): Promise<Record<string, string>> {
  const ledger = await proposeAgreement(c.world.deps, c.ids.courseK, allianceActor(c, otherSide(actor)), {
    terms: terms as never,
    reason: 'We agreed to look again after the break.',
  });
  return { agreementId: ledger.entries.at(-1)!.agreementId };
}
const ALERT_SCOPE: Partial<Record<Actor, Expect>> = { otherTherapist: 404, otherSupervisor: 404, admin: 404 };

const DERIVED: Record<string, Derived> = {
  'GET /api/instruments/:code': { params: async () => ({ code: 'phq9' }) },
  'POST /api/instruments': {
    body: () => ({
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
    }),
  },
  'PUT /api/clients/:clientId/portal-scores': { body: () => ({ hidden: true }) },
  'POST /api/courses/:courseId/schedules': { body: () => ({ instrumentCode: 'gad7', cadence: 'before_every_session' }) },
  'DELETE /api/courses/:courseId/schedules/:scheduleId': { params: async (_c, _a, f) => ({ scheduleId: f.scheduleId }) },
  'POST /api/clients/:clientId/responses': {
    body: (_c, actor) => ({ instrumentCode: 'gad7', answers: gad7(), ...(actor === 'clientSelf' ? {} : { source: 'paper' }) }),
  },
  'POST /api/clients/:clientId/responses/import': {
    body: () => ({ responses: [{ instrumentCode: 'gad7', answers: gad7(), completedAt: '2026-02-01T10:00:00Z' }] }),
    service: { clientSelf: 403 }, // only the therapist imports answers
  },
  'GET /api/alerts/:alertId': { params: async (_c, _a, f) => ({ alertId: f.alertId }), service: ALERT_SCOPE },
  'POST /api/alerts/:alertId/acknowledge': { params: async (_c, _a, f) => ({ alertId: f.alertId }), service: { ...ALERT_SCOPE, supervisor: 403 } },
  // The fixture is a safety alert: never acknowledged in bulk, so even its therapist is refused (400).
  'POST /api/alerts/acknowledge': {
    body: (_c, _a, f) => ({ alertIds: [f.alertId] }),
    service: { ...ALERT_SCOPE, supervisor: 403, therapist: '400 invalid_input' },
  },
  'POST /api/alerts/:alertId/resolve': {
    params: async (_c, _a, f) => ({ alertId: f.alertId }),
    service: { ...ALERT_SCOPE, supervisor: 403 },
    body: () => ({ note: 'Called the client the same day; safety plan reviewed together.', followUpAction: SAFETY_FOLLOW_UP_ACTIONS[0] }),
  },
  // Who may set which colleague is the routes' further policy keys (escalation:practice, escalation:own), not the service.
  'PUT /api/escalation/practice': { body: (c) => ({ colleagueId: c.practice.otherTherapistId }) },
  'PUT /api/escalation/mine': { body: (c, actor) => ({ colleagueId: actor === 'otherTherapist' ? c.practice.therapistId : c.practice.otherTherapistId }) },
  'POST /api/courses/:courseId/expectations': {
    body: (_c, actor) => ({ answers: Object.fromEntries(expectationsInstrument(sideOf(actor)).statements.map((st) => [st.id, 2])) }),
  },
  'POST /api/courses/:courseId/goals': { body: () => ({ text: 'Feel less on edge at work.', focus: GOAL_FOCI[0]! }) },
  'POST /api/courses/:courseId/goals/:goalId/agree': { params: goalFromOtherSide, body: () => ({ words: 'Yes, that is what I want.' }) },
  'POST /api/courses/:courseId/goals/:goalId/close': {
    // The client withdraws a proposal of their own; the therapist drops the agreed goal.
    params: async (c, actor, f) => (actor === 'clientSelf' ? goalFromOtherSide(c, 'therapist') : { goalId: f.agreedGoalId }),
    body: () => ({ action: 'drop' }),
  },
  'POST /api/courses/:courseId/goals/:goalId/revise': {
    params: async (_c, _a, f) => ({ goalId: f.agreedGoalId }),
    body: () => ({ text: 'Sleep six hours most nights.', focus: GOAL_FOCI[0]! }),
  },
  'POST /api/courses/:courseId/goals/:goalId/progress': { params: async (_c, _a, f) => ({ goalId: f.agreedGoalId }), body: () => ({ value: 5 }) },
  'PUT /api/courses/:courseId/goals/:goalId/gas': { params: async (_c, _a, f) => ({ goalId: f.agreedGoalId }), body: () => ({ weight: 2 }) },
  'POST /api/courses/:courseId/goals/:goalId/gas': { params: async (_c, _a, f) => ({ goalId: f.agreedGoalId }), body: () => ({ level: 1 }) },
  'POST /api/courses/:courseId/agreements': { body: () => terms },
  'POST /api/courses/:courseId/agreements/:agreementId/confirm': { params: proposalFromOtherSide, body: () => ({ words: 'Agreed.' }) },
  'POST /api/courses/:courseId/agreements/:agreementId/decline': { params: proposalFromOtherSide, body: () => ({ words: 'Not yet.' }) },
};

/** What each derived row needs to exist: a safety alert of C, a schedule and an agreed goal (with a scale) on course K. */
async function fixtures(c: Cast): Promise<Fixtures> {
  const deps = c.world.deps;
  await submitResponse(
    deps,
    c.ids.clientC,
    { userId: c.practice.therapistId, as: 'therapist' },
    { instrumentCode: 'phq9', answers: phq9(2), source: 'in_session' },
  );
  const alertId = (await deps.store.listAlerts({ clientIds: [c.ids.clientC] }))[0]!.id;
  const scheduleId = (await addSchedule(deps, c.ids.courseK, { instrumentCode: 'phq9', cadence: 'before_every_session' }, c.practice.therapistId)).id;
  const goal = await proposeCourseGoal(deps, c.ids.courseK, allianceActor(c, 'therapist'), { text: 'Go back to the choir.', focus: GOAL_FOCI[0]! });
  await changeGoal(deps, c.ids.courseK, goal.id, allianceActor(c, 'client'), { kind: 'agree', words: 'Yes.' });
  await setGoalScale(deps, c.ids.courseK, goal.id, { weight: 1 });
  return { alertId, scheduleId, agreedGoalId: goal.id };
}

describe('routes of later capabilities without a matrix row: derived from POLICY, each reaching the policy', () => {
  const rows = LIVE.filter((r) => !MATRIX.some((m) => m.route === key(r)));
  const RELATIONS: Record<Actor, Relation[]> = {
    anonymous: [],
    disabled: [],
    clientOther: [],
    clientSelf: ['client_self'],
    otherTherapist: ['other_therapist'],
    otherSupervisor: [],
    supervisor: ['supervisor'],
    therapist: ['assigned_therapist'],
    admin: ['admin'],
  };
  const ROLES: Record<Actor, Role[] | null> = {
    anonymous: null,
    disabled: null,
    clientOther: ['client'],
    clientSelf: ['client'],
    otherTherapist: ['therapist'],
    otherSupervisor: ['supervisor'],
    supervisor: ['supervisor'],
    therapist: ['therapist'],
    admin: ['admin'],
  };
  const KNOWN = new Set(['clientId', 'courseId', 'sessionId', 'userId', 'supervisorId', 'therapistId']);

  it('every derived route that takes a body or an unusual id has a valid request here', () => {
    for (const r of rows) {
      const spec = DERIVED[key(r)] ?? {};
      if (r.body) expect(spec.body, `${key(r)} needs a valid body in DERIVED`).toBeDefined();
      if ([...r.url.matchAll(/:(\w+)/g)].some((m) => !KNOWN.has(m[1]!))) expect(spec.params, `${key(r)} needs its ids in DERIVED`).toBeDefined();
    }
    for (const k of Object.keys(DERIVED))
      expect(
        rows.some((r) => key(r) === k),
        `${k} is not a derived route`,
      ).toBe(true);
  });

  let shared: Cast;
  let sharedFixtures: Fixtures;
  beforeAll(async () => {
    shared = await makeCast();
    sharedFixtures = await fixtures(shared);
  });
  afterAll(async () => {
    await shared?.close();
  });

  for (const r of rows) {
    it(key(r), async () => {
      const spec = DERIVED[key(r)] ?? {};
      const rule = POLICY[r.policy] as PolicyRule;
      // Reads share one practice; each write gets its own (refused callers change nothing, so they go first as listed).
      const c = isMutating(key(r)) ? await makeCast() : shared;
      try {
        const f = c === shared ? sharedFixtures : await fixtures(c);
        for (const actor of ACTORS) {
          const params = { ...usualParams(c), ...(spec.params ? await spec.params(c, actor, f) : {}) };
          const [method, path] = key(r).split(' ') as [string, string];
          const res = await c.agents[actor].req(method, fill(path, params), spec.body?.(c, actor, f));
          const where = `${key(r)} as ${actor}: ${res.statusCode} ${res.body.slice(0, 300)}`;
          // The guard: a request that fails validation never reaches the policy, so it proves nothing.
          guardValidation(res, where);
          expect(res.statusCode, where).toBeLessThan(500);
          const decide = (rule: PolicyRule) => {
            if (rule.about === 'practice') {
              const roles = ROLES[actor];
              return decidePractice(rule as PracticeRule, roles ? ({ userId: 'x', roles, clientId: null } satisfies Caller) : undefined);
            }
            return ROLES[actor] ? decideClient(rule as ClientRule, RELATIONS[actor]) : { ok: false as const, code: 'unauthenticated' as const };
          };
          // The route's own policy, then the further keys it always asks for (decided after validation).
          const asked = [rule, ...(r.requires ?? []).filter((q) => !q.when).map((q) => POLICY[q.policy] as PolicyRule)];
          const refusedBy = asked.find((x) => !decide(x).ok);
          const d = decide(refusedBy ?? rule);
          // A key with its own refusal sentence says it (a caller the route's own policy lets in).
          if (refusedBy?.refusal && refusedBy !== rule) expect(errorOf(res)?.message, where).toBe(refusedBy.refusal);
          const narrowed = spec.service?.[actor];
          if (!d.ok) {
            expect(errorOf(res)?.code, where).toBe(d.code);
          } else if (narrowed !== undefined) {
            check(res, narrowed, where);
          } else {
            expect([400, 401, 403, 404], `allowed by the policy, so the request must reach the use case — ${where}`).not.toContain(res.statusCode);
          }
        }
      } finally {
        if (c !== shared) await c.close();
      }
    });
  }
});

/**
 * Further policy keys a route asks for only when a request asks for more (a field is present):
 * each such key has a row here, made with a body that asks for it, so the key's own decision is
 * what answers. The route's plain rows above show the same route without the field.
 */
const FURTHER: (Row & { policy: string })[] = [
  {
    policy: 'client:reassign',
    route: 'PATCH /api/clients/:clientId',
    body: (c) => ({ therapistId: c.practice.otherTherapistId }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 403, 200],
  },
];

describe('further policy keys, asked for by the request', () => {
  it('every conditional key of a live route has a row, and every row is one', () => {
    const conditional = LIVE.flatMap((r) => (r.requires ?? []).filter((q) => q.when).map((q) => `${q.policy} ${key(r)}`));
    expect(FURTHER.map((f) => `${f.policy} ${f.route}`).sort()).toEqual([...new Set(conditional)].sort());
  });
  for (const row of FURTHER) {
    it(`${row.policy}: ${row.route}`, async () => {
      const cast = await makeCast();
      try {
        for (const [i, actor] of ACTORS.entries()) {
          const res = await drive(cast, actor, row);
          check(res, row.expect[i]!, `${row.route} (${row.policy}) as ${actor}`);
          const rule = POLICY[row.policy as keyof typeof POLICY] as PolicyRule;
          // Refused by the further key (the route's own policy lets this caller in): told what the table says.
          const plain = MATRIX.find((m) => m.route === row.route)!.expect[i];
          if (res.statusCode === 403 && String(plain).startsWith('2')) expect(errorOf(res)?.message, actor).toBe(rule.refusal);
        }
      } finally {
        await cast.close();
      }
    });
  }
});

describe('a disabled user', () => {
  it('is signed out at once: their cookie no longer works anywhere', async () => {
    const cast = await makeCast();
    try {
      const before = await cast.agents.therapist.req('GET', '/api/session');
      expect(before.statusCode).toBe(200);
      await updateStaff(cast.world.deps, await cast.practice.actor(cast.practice.adminId), cast.practice.therapistId, { status: 'disabled' });
      const after = await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}`);
      expect(after.statusCode).toBe(401);
      expect(after.cookies.find((k) => k.name === 'accord_session')?.value).toBe('');
    } finally {
      await cast.close();
    }
  });
});
