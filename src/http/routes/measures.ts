/** Instruments, schedules, responses, scores and the caseload's measures (SPEC §3 C4). */
import type { SpeakingRelation } from '../../domain/access.ts';
import { readsAsClient, sideOf } from '../../domain/access.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { route } from '../route.ts';
import * as s from '../../contract/measures.ts';
import { okView } from '../../contract/common.ts';
import type { SignedIn } from '../../services/accounts/auth.ts';
import { getInstrument, importInstrument, listInstruments } from '../../services/measures/instruments.ts';
import { importResponses, listResponses, scoreSeries, submitResponse } from '../../services/measures/measures.ts';
import type { Submitter } from '../../services/measures/measures.ts';
import { addSchedule, dueForClient, listSchedules, removeSchedule } from '../../services/measures/schedules.ts';
import { caseloadMeasures } from '../../services/measures/caseload-measures.ts';
import { portalScoresSetting, setPortalScoresHidden } from '../../services/measures/portal-scores.ts';
import { clientScores, clientSubmitResult } from '../presenters/client.ts';

/** The therapist when assigned (entering answers), else the client answering for themselves: the relation the policy let them in by. */
const submitterOf = (si: SignedIn, via: SpeakingRelation): Submitter => ({ userId: si.user.id, as: sideOf(via) });

const catalogue = (def: InstrumentDefinition, builtin: boolean, addedAt: string | null) => ({ builtin, addedAt, definition: def });

export const measureRoutes = [
  route({
    method: 'GET',
    url: '/api/instruments',
    policy: 'instruments:read',
    tag: 'measures',
    summary: 'The instrument catalogue: built-in and practice definitions, every version',
    response: s.catalogueEntry.array(),
    handler: async ({ deps }) => (await listInstruments(deps)).map((e) => catalogue(e.def, e.builtin, e.addedAt)),
  }),
  route({
    method: 'GET',
    url: '/api/instruments/:code',
    policy: 'instruments:read',
    tag: 'measures',
    summary: 'One instrument definition (the latest version, or ?version=)',
    params: s.instrumentParams,
    query: s.instrumentQuery,
    response: s.instrumentView,
    handler: async ({ deps, params, query }) => getInstrument(deps, params.code, query.version),
  }),
  route({
    method: 'POST',
    url: '/api/instruments',
    policy: 'instruments:import',
    tag: 'measures',
    summary: 'Add a practice instrument definition (validated; every problem is listed in error.details.errors as { path, message })',
    body: s.instrumentImportBody,
    response: s.instrumentView,
    handler: async ({ deps, body, signedIn }) => importInstrument(deps, body, signedIn.user.id),
    audit: (def) => ({ resourceIds: [`${def.code}@${def.version}`] }),
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/schedules',
    policy: 'measures:read',
    tag: 'measures',
    summary: 'Which instruments this course asks for, at which cadence',
    params: s.courseParams,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: s.scheduleView.array(),
    handler: async ({ deps, params }) => listSchedules(deps, params.courseId),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/schedules',
    policy: 'measures:assign',
    tag: 'measures',
    summary: 'Schedule an instrument for this course',
    params: s.courseParams,
    body: s.scheduleBody,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: s.scheduleView,
    handler: async ({ deps, params, body, signedIn }) => addSchedule(deps, params.courseId, body, signedIn.user.id),
  }),
  route({
    method: 'DELETE',
    url: '/api/courses/:courseId/schedules/:scheduleId',
    policy: 'measures:assign',
    tag: 'measures',
    summary: 'Stop a schedule (kept in the history)',
    params: s.scheduleParams,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: okView,
    handler: async ({ deps, params }) => {
      await removeSchedule(deps, params.courseId, params.scheduleId);
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/measures/due',
    policy: 'measures:read',
    tag: 'measures',
    summary: 'What is due now (the client sees what they answer; the therapist sees both sides)',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.dueView.array(),
    handler: async ({ deps, params, relations }) => dueForClient(deps, params.clientId, readsAsClient(relations) ? 'client' : undefined),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/responses',
    policy: 'measures:submit',
    tag: 'measures',
    summary:
      'Submit answers: the client in the portal, or the therapist entering answers given in session or on paper (source), or a correction (supersedes). A safety answer raises the safety alert in the same transaction and the reply carries the crisis information.',
    params: s.clientParams,
    body: s.responseBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.submitView,
    handler: async ({ deps, params, body, signedIn, via }) => {
      const who = submitterOf(signedIn, via);
      const input = { ...body, answers: body.answers };
      const result = await submitResponse(deps, params.clientId, who, input);
      // A client is never told which alerts were raised; they see the crisis information instead.
      return who.as === 'client' ? clientSubmitResult(result) : result;
    },
    audit: (r) => ({ resourceIds: [r.response.id] }),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/responses/import',
    policy: 'measures:submit',
    tag: 'measures',
    summary: 'Import earlier answers (e.g. from paper records or another system); each goes through the same path as any submission, safety check included',
    params: s.clientParams,
    body: s.importBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.importedView,
    handler: async ({ deps, params, body, signedIn, via }) => {
      const items = body.responses.map((r) => ({ ...r, answers: r.answers }));
      return { imported: await importResponses(deps, params.clientId, submitterOf(signedIn, via), items) };
    },
    audit: (r) => ({ resourceIds: r.imported.map((x) => x.response.id) }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/responses',
    policy: 'measures:read',
    tag: 'measures',
    summary: 'Every response with its answers, newest first (corrections and what they replaced both kept)',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.responseView.array(),
    handler: async ({ deps, params, relations }) => listResponses(deps, params.clientId, { forClient: readsAsClient(relations) }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/scores',
    policy: 'measures:read',
    tag: 'measures',
    summary: 'Score series for charts: totals, bands, caseness, reliable change, recovery, deterioration and rupture marks (staff only)',
    params: s.clientParams,
    query: s.scoresQuery,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.seriesView.array(),
    handler: async ({ deps, params, query, relations }) => {
      const forClient = readsAsClient(relations);
      // A client whose therapist chose to talk progress through in sessions sees no scores here.
      if (forClient && (await portalScoresSetting(deps, params.clientId)).hidden) return clientScores([]);
      const series = await scoreSeries(deps, params.clientId, { ...(query.courseId ? { courseId: query.courseId } : {}), forClient });
      return forClient ? clientScores(series) : series;
    },
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/portal-scores',
    policy: 'measures:read',
    tag: 'measures',
    summary: 'Whether the client sees their own scores in the portal',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.portalScoresView,
    handler: async ({ deps, params }) => portalScoresSetting(deps, params.clientId),
  }),
  route({
    method: 'PUT',
    url: '/api/clients/:clientId/portal-scores',
    policy: 'measures:assign',
    tag: 'measures',
    summary: 'The therapist shows or hides the client’s own scores in the portal (they are recorded either way)',
    params: s.clientParams,
    body: s.portalScoresBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.portalScoresView,
    handler: async ({ deps, params, body, signedIn }) => setPortalScoresHidden(deps, params.clientId, body.hidden, signedIn.user.id),
  }),
  route({
    method: 'GET',
    url: '/api/caseload/measures',
    policy: 'measures:caseload',
    tag: 'measures',
    summary:
      'Latest scores with sparklines and active alerts for every client in the caller’s caseload, or for the clients named (at most 500: a page of a paged list)',
    query: s.caseloadMeasuresQuery,
    response: s.caseloadMeasuresRow.array(),
    handler: async ({ deps, signedIn, query }) => caseloadMeasures(deps, signedIn.caller, { clientIds: query.clientIds, practiceId: signedIn.user.practiceId }),
    // Every client on the list is named in the audit trail (their access report shows the read).
    audit: (rows) => ({ clientIds: rows.map((r) => r.clientId), resourceIds: [null] }),
  }),
];
