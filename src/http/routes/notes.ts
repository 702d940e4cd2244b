/**
 * The twice-told session over HTTP (SPEC §3 C6): the therapist's progress note and the client's
 * reflection on one session. Every route is about one session (its client found from it); the
 * policy table decides who may read or write, the service decides what each viewer sees of the
 * sealed pair. Every read and write of the texts is recorded in the audit trail by the pipeline.
 */
import { viewerOf } from '../../domain/access.ts';
import { route } from '../route.ts';
import * as s from '../../contract/notes.ts';
import { amendNote, editNote, progressNoteIndex, sessionNotes, shareNote, signNote, writeNote, writeReflection } from '../../services/notes/notes.ts';

const ref = (p: { sessionId: string }) => ({ sessionId: p.sessionId });

export const noteRoutes = [
  route({
    method: 'GET',
    url: '/api/sessions/:sessionId/notes',
    policy: 'notes:read',
    tag: 'notes',
    summary: 'The session’s progress note and reflection as the caller may see them, side by side with shared themes once the pair has opened',
    params: s.sessionParams,
    clientRef: ref,
    response: s.sessionNotesView,
    handler: async ({ deps, params, relations }) => sessionNotes(deps, params.sessionId, viewerOf(relations)),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/progress-notes',
    policy: 'notes:index',
    tag: 'notes',
    summary: 'The dates and types of the client’s progress notes (no content)',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.noteIndexView,
    handler: async ({ deps, params }) => progressNoteIndex(deps, params.clientId),
  }),
  route({
    method: 'POST',
    url: '/api/sessions/:sessionId/progress-note',
    policy: 'notes:write',
    tag: 'notes',
    summary: 'Start the session’s progress note as a draft (one per session)',
    params: s.sessionParams,
    body: s.noteBody,
    clientRef: ref,
    response: s.sessionNotesView,
    audit: (r) => ({ resourceIds: [r.note?.id ?? null] }),
    handler: async ({ deps, params, body, signedIn }) => writeNote(deps, params.sessionId, signedIn.user.id, body.text),
  }),
  route({
    method: 'PUT',
    url: '/api/sessions/:sessionId/progress-note',
    policy: 'notes:write',
    tag: 'notes',
    summary: 'Change the draft’s text (a signed note is locked: add an addendum)',
    params: s.sessionParams,
    body: s.noteBody,
    clientRef: ref,
    response: s.sessionNotesView,
    handler: async ({ deps, params, body }) => editNote(deps, params.sessionId, body.text),
  }),
  route({
    method: 'POST',
    url: '/api/sessions/:sessionId/progress-note/sign',
    policy: 'notes:write',
    tag: 'notes',
    summary: 'Sign the note: locked from now on, with the time and the signer kept (signing twice is refused)',
    params: s.sessionParams,
    body: s.signBody,
    clientRef: ref,
    status: 200,
    response: s.sessionNotesView,
    audit: (r) => ({ resourceIds: [r.note?.id ?? null] }),
    handler: async ({ deps, params, signedIn }) => signNote(deps, params.sessionId, signedIn.user.id),
  }),
  route({
    method: 'POST',
    url: '/api/sessions/:sessionId/progress-note/addenda',
    policy: 'notes:write',
    tag: 'notes',
    summary: 'Add a signed, dated addendum to a signed note (the original is kept; a draft is edited instead)',
    params: s.sessionParams,
    body: s.noteBody,
    clientRef: ref,
    response: s.sessionNotesView,
    audit: (r) => ({ resourceIds: [r.note?.addenda.at(-1)?.id ?? null] }),
    handler: async ({ deps, params, body, signedIn }) => amendNote(deps, params.sessionId, signedIn.user.id, body.text),
  }),
  route({
    method: 'PUT',
    url: '/api/sessions/:sessionId/progress-note/sharing',
    policy: 'notes:write',
    tag: 'notes',
    summary: 'Share the note with the client or withdraw it (the client reads it once it is signed and the pair has opened)',
    params: s.sessionParams,
    body: s.shareBody,
    clientRef: ref,
    response: s.sessionNotesView,
    handler: async ({ deps, params, body }) => shareNote(deps, params.sessionId, body.shared),
  }),
  route({
    method: 'PUT',
    url: '/api/sessions/:sessionId/reflection',
    policy: 'reflections:write',
    tag: 'notes',
    summary: 'The client writes or changes their reflection on the session, private or shared with their therapist',
    params: s.sessionParams,
    body: s.reflectionBody,
    clientRef: ref,
    response: s.sessionNotesView,
    audit: (r) => ({ resourceIds: [r.reflection?.id ?? null] }),
    handler: async ({ deps, params, body, signedIn }) => writeReflection(deps, params.sessionId, signedIn.user.id, body),
  }),
];
