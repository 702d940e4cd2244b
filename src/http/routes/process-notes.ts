/**
 * Process notes over HTTP (issue 11; SPEC §2): the author's private notes about a session and the
 * author's training grants to a supervisor. Opening and rewriting a note are guarded beyond the
 * client (`guard`: the note's author and grants, POLICY 'process-notes:open' / ':edit'); every
 * request, opening included, is recorded by the pipeline under its policy key, never with content.
 */
import { route } from '../route.ts';
import * as s from '../../contract/process-notes.ts';
import {
  editProcessNote,
  grantProcessNotes,
  openProcessNote,
  processNoteGuard,
  processNotesOfClient,
  exportOwnProcessNotes,
  revokeProcessNoteGrant,
  writeProcessNote,
} from '../../services/process-notes/process-notes.ts';

export const processNoteRoutes = [
  route({
    method: 'GET',
    url: '/api/me/process-notes',
    policy: 'process-notes:export',
    tag: 'process-notes',
    summary: 'The author’s own export: every process note they wrote on their current clients, with its text; needs a recent re-authentication',
    response: s.ownExport,
    handler: async ({ deps, signedIn }) => exportOwnProcessNotes(deps, signedIn),
    // One event per client whose notes left in the export (no content).
    audit: (r) => ({ clientIds: [...new Set(r.notes.map((n) => n.clientId))], detail: `own export: ${r.notes.length} notes` }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/process-notes',
    policy: 'process-notes:list',
    tag: 'process-notes',
    summary: 'When the caller’s own process notes on this client were written (never their words), those granted to them, and the grants they gave',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.processNotesOfClient,
    handler: async ({ deps, params, signedIn }) => processNotesOfClient(deps, signedIn.user.id, params.clientId),
  }),
  route({
    method: 'POST',
    url: '/api/sessions/:sessionId/process-notes',
    policy: 'process-notes:write',
    tag: 'process-notes',
    summary: 'Write a process note on a session (the assigned therapist; sealed at rest)',
    params: s.sessionParams,
    body: s.noteBody,
    clientRef: (p) => ({ sessionId: p.sessionId }),
    response: s.processNoteSummary,
    handler: async ({ deps, params, body, signedIn }) => writeProcessNote(deps, signedIn.user.id, params.sessionId, body.text),
  }),
  route({
    method: 'GET',
    url: '/api/sessions/:sessionId/process-notes/:noteId',
    policy: 'process-notes:open',
    guard: (deps, p) => processNoteGuard(deps, p.sessionId, p.noteId),
    tag: 'process-notes',
    summary: 'Open one process note: its author, or a supervisor under a holding training grant; needs a recent re-authentication (401 reauth_required)',
    params: s.noteParams,
    clientRef: (p) => ({ sessionId: p.sessionId }),
    response: s.processNoteOpened,
    handler: async ({ deps, params, signedIn }) => openProcessNote(deps, signedIn, params.noteId),
  }),
  route({
    method: 'PUT',
    url: '/api/sessions/:sessionId/process-notes/:noteId',
    policy: 'process-notes:edit',
    guard: (deps, p) => processNoteGuard(deps, p.sessionId, p.noteId),
    tag: 'process-notes',
    summary: 'Rewrite one’s own process note; needs a recent re-authentication (401 reauth_required)',
    params: s.noteParams,
    body: s.noteBody,
    clientRef: (p) => ({ sessionId: p.sessionId }),
    response: s.processNoteSummary,
    handler: async ({ deps, params, body, signedIn }) => editProcessNote(deps, signedIn, params.noteId, body.text),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/process-note-grants',
    policy: 'process-notes:grant',
    tag: 'process-notes',
    summary: 'Give one of one’s supervisors a time-limited training grant to read one’s process notes on this client',
    params: s.clientParams,
    body: s.grantBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.grantView,
    handler: async ({ deps, params, body, signedIn }) => grantProcessNotes(deps, signedIn.user.id, params.clientId, body),
    audit: (r) => ({ resourceIds: [r.id], detail: `grantee:${r.granteeId} until:${r.expiresAt}` }),
  }),
  route({
    method: 'DELETE',
    url: '/api/clients/:clientId/process-note-grants/:grantId',
    policy: 'process-notes:grant',
    tag: 'process-notes',
    summary: 'Revoke a training grant one gave, at once',
    params: s.grantParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.grantView,
    handler: async ({ deps, params, signedIn }) => revokeProcessNoteGrant(deps, signedIn.user.id, params.clientId, params.grantId),
    audit: (r) => ({ resourceIds: [r.id], detail: `grantee:${r.granteeId} revoked` }),
  }),
];
