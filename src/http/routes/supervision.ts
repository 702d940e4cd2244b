/**
 * Supervision over HTTP (issue 15; SPEC §3 C9): the supervisor's overview and one supervisee's
 * clients, and supervision notes between a supervisor and a supervisee. Every route is a practice
 * rule scoped in the service to the caller's own supervisees or own notes; anyone else is answered
 * as missing. Reads of client names and of a note's words are recorded by the pipeline (`audit`),
 * naming the clients, never the words.
 */
import { route } from '../route.ts';
import * as s from '../../contract/supervision.ts';
import { superviseeDetail, supervisionOverview } from '../../services/supervision/overview.ts';
import {
  acknowledgeSupervisionNote,
  amendSupervisionNote,
  openSupervisionNote,
  ownSupervisionNotes,
  replyToSupervisionNote,
  withdrawSupervisionNote,
  writeSupervisionNote,
} from '../../services/supervision/notes.ts';

const noteAudit = (n: { id: string; client: { id: string } | null }) => ({ clientIds: n.client ? [n.client.id] : [], resourceIds: [n.id] });

export const supervisionRoutes = [
  route({
    method: 'GET',
    url: '/api/supervision',
    policy: 'supervision:overview',
    tag: 'supervision',
    summary: 'Each of the caller’s supervisees: caseload size, agreed and inferred alliances, open alerts, courses not on track (figures only)',
    response: s.supervisionOverview,
    handler: async ({ deps, signedIn }) => supervisionOverview(deps, signedIn.caller),
    audit: () => ({ resourceIds: [null] }),
  }),
  route({
    method: 'GET',
    url: '/api/supervision/supervisees/:therapistId',
    policy: 'supervision:supervisee',
    tag: 'supervision',
    summary: 'One supervisee’s clients with their alliance and alerts, and the notes the caller wrote them; not the caller’s supervisee: 404',
    params: s.superviseeParams,
    response: s.superviseeDetail,
    handler: async ({ deps, params, signedIn }) => superviseeDetail(deps, signedIn.caller, params.therapistId),
    // Every client listed (by name) is named in the audit trail.
    audit: (r) => ({
      clientIds: [...new Set([...r.clients.map((c) => c.clientId), ...r.notes.flatMap((n) => (n.client ? [n.client.id] : []))])],
      resourceIds: [r.supervisee.id],
    }),
  }),
  route({
    method: 'POST',
    url: '/api/supervision/supervisees/:therapistId/notes',
    policy: 'supervision-notes:write',
    tag: 'supervision',
    summary: 'Write a supervision note to one of the caller’s supervisees, optionally about one of their courses (sealed at rest)',
    params: s.superviseeParams,
    body: s.newNoteBody,
    response: s.supervisionNoteOpened,
    handler: async ({ deps, params, body, signedIn }) => writeSupervisionNote(deps, signedIn.user.id, params.therapistId, body),
    audit: noteAudit,
  }),
  route({
    method: 'GET',
    url: '/api/supervision/notes',
    policy: 'supervision-notes:own',
    tag: 'supervision',
    summary: 'The supervision notes about the caller’s own work: when, focus, whether answered (never the words)',
    response: s.ownNotes,
    handler: async ({ deps, signedIn }) => ({ notes: await ownSupervisionNotes(deps, signedIn.user.id) }),
    audit: (r) => ({ clientIds: [...new Set(r.notes.flatMap((n) => (n.client ? [n.client.id] : [])))], resourceIds: [null] }),
  }),
  route({
    method: 'GET',
    url: '/api/supervision/notes/:noteId',
    policy: 'supervision-notes:read',
    tag: 'supervision',
    summary: 'Open one supervision note and its replies: its supervisee, or its supervisor while still supervising; anyone else 404',
    params: s.noteParams,
    response: s.supervisionNoteOpened,
    handler: async ({ deps, params, signedIn }) => openSupervisionNote(deps, signedIn.user.id, params.noteId),
    audit: noteAudit,
  }),
  route({
    method: 'POST',
    url: '/api/supervision/notes/:noteId/replies',
    policy: 'supervision-notes:reply',
    tag: 'supervision',
    summary: 'Answer within a supervision note’s thread (its supervisee or its supervisor)',
    params: s.noteParams,
    body: s.replyBody,
    response: s.supervisionNoteOpened,
    handler: async ({ deps, params, body, signedIn }) => replyToSupervisionNote(deps, signedIn.user.id, params.noteId, body.text),
    audit: noteAudit,
  }),
  route({
    method: 'POST',
    url: '/api/supervision/notes/:noteId/acknowledge',
    policy: 'supervision-notes:acknowledge',
    tag: 'supervision',
    summary: 'The supervisee marks a supervision note read (the supervisor: 403)',
    params: s.noteParams,
    response: s.supervisionNoteOpened,
    status: 200,
    handler: async ({ deps, params, signedIn }) => acknowledgeSupervisionNote(deps, signedIn.user.id, params.noteId),
    audit: noteAudit,
  }),
  route({
    method: 'POST',
    url: '/api/supervision/notes/:noteId/amend',
    policy: 'supervision-notes:amend',
    tag: 'supervision',
    summary:
      'The supervisor corrects a note’s words: the replaced words are kept, the supervisee asked to acknowledge again (the supervisee: 403; withdrawn: 409)',
    params: s.noteParams,
    body: s.amendBody,
    response: s.supervisionNoteOpened,
    status: 200,
    handler: async ({ deps, params, body, signedIn }) => amendSupervisionNote(deps, signedIn.user.id, params.noteId, body.text),
    audit: noteAudit,
  }),
  route({
    method: 'POST',
    url: '/api/supervision/notes/:noteId/withdraw',
    policy: 'supervision-notes:withdraw',
    tag: 'supervision',
    summary: 'The supervisor withdraws a note for a listed reason: it stays, marked withdrawn, closed to replies (the supervisee: 403; already withdrawn: 409)',
    params: s.noteParams,
    body: s.withdrawBody,
    response: s.supervisionNoteOpened,
    status: 200,
    handler: async ({ deps, params, body, signedIn }) => withdrawSupervisionNote(deps, signedIn.user.id, params.noteId, body.reason),
    audit: noteAudit,
  }),
];
