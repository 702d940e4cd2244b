/**
 * The alliance ledger over HTTP (SPEC §3 C2, C3): Expectations checks answered blind by each side,
 * goals, agreements and shifts, the inferred alliance beside the agreed one, the timeline and the
 * attendance pattern. Every route is about one course; the pipeline checks the caller's standing
 * from the policy table, and the services decide which side the caller speaks for.
 */
import type { SpeakingRelation } from '../../domain/access.ts';
import { sideOf, viewerOf } from '../../domain/access.ts';
import { route } from '../route.ts';
import * as s from '../../contract/alliance.ts';
import type { SignedIn } from '../../services/accounts/auth.ts';
import type { Actor } from '../../services/alliance/alliance-records.ts';
import { getAllianceSummary, getAllianceTimeline, getAttendance } from '../../services/alliance/alliance.ts';
import { compareRounds, expectationsState, submitExpectations } from '../../services/alliance/expectations.ts';
import { changeGoal, listGoals, proposeCourseGoal, rateProgress, recordAttainment, setGoalScale } from '../../services/alliance/goals.ts';
import { answerAgreement, getLedger, proposeAgreement } from '../../services/alliance/agreements.ts';
import { clientAllianceSummary, clientAttendance, clientTimeline } from '../presenters/client.ts';

/**
 * Who writes, and for which side of the room: the relation the policy let them in by (ledger
 * writes allow only the assigned therapist and the client themselves, so there is always a side).
 */
const actorOf = (si: SignedIn, via: SpeakingRelation): Actor => ({ userId: si.user.id, side: sideOf(via) });

const ref = (p: { courseId: string }) => ({ courseId: p.courseId });

export const allianceRoutes = [
  // ---- Expectations check (SPEC §3 C2): each side blind until both have answered ----
  route({
    method: 'GET',
    url: '/api/courses/:courseId/expectations',
    policy: 'alliance:read',
    tag: 'alliance',
    summary: 'The caller’s own Expectations check: the statements, whether it is due, their earlier answers (never the other side’s)',
    params: s.courseParams,
    clientRef: ref,
    response: s.expectationsStateView,
    handler: async ({ deps, params, relations }) => {
      const viewer = viewerOf(relations);
      return expectationsState(deps, params.courseId, viewer === 'client' ? 'client' : 'therapist').then((st) =>
        viewer === 'observer' ? { ...st, mine: [] } : st,
      );
    },
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/expectations',
    policy: 'expectations:answer',
    tag: 'alliance',
    summary: 'Answer one’s own side of the Expectations check (at intake, then every 6 attended sessions)',
    params: s.courseParams,
    body: s.expectationsBody,
    clientRef: ref,
    response: s.expectationsResponseView,
    handler: async ({ deps, params, body, signedIn, via }) => submitExpectations(deps, params.courseId, actorOf(signedIn, via), body),
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/expectations/compare',
    policy: 'alliance:read',
    tag: 'alliance',
    summary: 'Both sides’ checks round by round: profiles, divergence and the largest gaps — the other side’s answers only in rounds both have completed',
    params: s.courseParams,
    clientRef: ref,
    response: s.expectationsCompareView,
    handler: async ({ deps, params, relations }) => compareRounds(deps, params.courseId, viewerOf(relations)),
  }),

  // ---- Goals (SPEC §3 C2) ----
  route({
    method: 'GET',
    url: '/api/courses/:courseId/goals',
    policy: 'alliance:read',
    tag: 'alliance',
    summary: 'The course’s goals with goal consensus and the GAS T-score',
    params: s.courseParams,
    clientRef: ref,
    response: s.goalsView,
    handler: async ({ deps, params, relations }) => listGoals(deps, params.courseId, { cues: viewerOf(relations) !== 'client' }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Propose a goal in one’s own words',
    params: s.courseParams,
    body: s.goalBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) => proposeCourseGoal(deps, params.courseId, actorOf(signedIn, via), body),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals/:goalId/agree',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Agree to the other side’s goal in words (a therapist may record the client’s words said in session)',
    params: s.goalParams,
    body: s.agreeBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      changeGoal(deps, params.courseId, params.goalId, actorOf(signedIn, via), { kind: 'agree', words: body.words, occurredAt: body.occurredAt }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals/:goalId/close',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Mark a goal achieved or drop it (a client may withdraw a proposal of their own)',
    params: s.goalParams,
    body: s.closeGoalBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      changeGoal(deps, params.courseId, params.goalId, actorOf(signedIn, via), { kind: body.action, note: body.note, occurredAt: body.occurredAt }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals/:goalId/revise',
    policy: 'alliance:write',
    tag: 'alliance',
    summary: 'Revise an agreed goal: it closes, and the new wording is proposed',
    params: s.goalParams,
    body: s.reviseGoalBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      changeGoal(deps, params.courseId, params.goalId, actorOf(signedIn, via), { kind: 'revise', ...body }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals/:goalId/progress',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Rate progress on an agreed goal, 0–10',
    params: s.goalParams,
    body: s.progressBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      rateProgress(deps, params.courseId, params.goalId, actorOf(signedIn, via), body.value, { occurredAt: body.occurredAt }),
  }),
  route({
    method: 'PUT',
    url: '/api/courses/:courseId/goals/:goalId/gas',
    policy: 'alliance:write',
    tag: 'alliance',
    summary: 'Attach a Goal Attainment Scale (weight, level descriptions)',
    params: s.goalParams,
    body: s.gasScaleBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body }) => setGoalScale(deps, params.courseId, params.goalId, body),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/goals/:goalId/gas',
    policy: 'alliance:write',
    tag: 'alliance',
    summary: 'Record the attained GAS level, −2…+2',
    params: s.goalParams,
    body: s.gasLevelBody,
    clientRef: ref,
    response: s.goalView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      recordAttainment(deps, params.courseId, params.goalId, actorOf(signedIn, via), body.level, { occurredAt: body.occurredAt }),
  }),

  // ---- Agreements and the ledger (SPEC §3 C3) ----
  route({
    method: 'GET',
    url: '/api/courses/:courseId/ledger',
    policy: 'alliance:read',
    tag: 'alliance',
    summary: 'The ledger: agreements, the one in force, shifts with reasons, proposals awaiting the caller',
    params: s.courseParams,
    clientRef: ref,
    response: s.ledgerView,
    handler: async ({ deps, params, relations }) => getLedger(deps, params.courseId, viewerOf(relations)),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/agreements',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Propose an agreement; while one is in force this is a shift and needs a reason',
    params: s.courseParams,
    body: s.agreementBody,
    clientRef: ref,
    response: s.ledgerView,
    handler: async ({ deps, params, body, signedIn, via }) => {
      const { reason, occurredAt, ...terms } = body;
      return proposeAgreement(deps, params.courseId, actorOf(signedIn, via), { terms, reason, occurredAt });
    },
    audit: (ledger) => ({ resourceIds: [ledger.entries.at(-1)?.agreementId ?? null] }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/agreements/:agreementId/confirm',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Confirm the other side’s proposal in words (a therapist may record the client’s words said in session)',
    params: s.agreementParams,
    body: s.agreeBody,
    clientRef: ref,
    response: s.ledgerView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      answerAgreement(deps, params.courseId, params.agreementId, actorOf(signedIn, via), { confirm: true, words: body.words, occurredAt: body.occurredAt }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/agreements/:agreementId/decline',
    policy: 'alliance:propose',
    tag: 'alliance',
    summary: 'Decline the other side’s proposal',
    params: s.agreementParams,
    body: s.answerBody,
    clientRef: ref,
    response: s.ledgerView,
    handler: async ({ deps, params, body, signedIn, via }) =>
      answerAgreement(deps, params.courseId, params.agreementId, actorOf(signedIn, via), { confirm: false, words: body.words, occurredAt: body.occurredAt }),
  }),

  // ---- The inferred alliance (SPEC §3 C3, §5.3, §5.4) ----
  route({
    method: 'GET',
    url: '/api/courses/:courseId/alliance',
    policy: 'alliance:read',
    tag: 'alliance',
    summary:
      'Agreed vs inferred alliance now, with the ranked evidence, goal consensus, GAS and attendance (a client reads the agreed side only: no inference, evidence or findings)',
    params: s.courseParams,
    clientRef: ref,
    response: s.courseAllianceView,
    handler: async ({ deps, params, relations }) => {
      const summary = await getAllianceSummary(deps, params.courseId);
      return viewerOf(relations) === 'client' ? clientAllianceSummary(summary) : summary;
    },
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/alliance/timeline',
    policy: 'alliance:read',
    tag: 'alliance',
    summary:
      'The whole course, session by session: attendance, agreed and inferred alliance, phase, shifts, and the top evidence (a client: no inference or evidence)',
    params: s.courseParams,
    clientRef: ref,
    response: s.courseTimelineView,
    handler: async ({ deps, params, relations }) => {
      if (viewerOf(relations) !== 'client') return getAllianceTimeline(deps, params.courseId, 'therapist');
      return clientTimeline(await getAllianceTimeline(deps, params.courseId, 'client'));
    },
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/attendance',
    policy: 'alliance:read',
    tag: 'alliance',
    summary: 'The attendance pattern (regular, episodic, fading, erratic) with its evidence',
    params: s.courseParams,
    clientRef: ref,
    response: s.courseAttendanceView,
    handler: async ({ deps, params, relations }) => {
      const a = await getAttendance(deps, params.courseId);
      return viewerOf(relations) === 'client' ? clientAttendance(a) : a;
    },
  }),
];
