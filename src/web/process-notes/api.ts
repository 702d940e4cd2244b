/** The process-notes part of the browser's API client. Shapes are the wire contract's (src/contract/process-notes.ts). */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as notes from '../../contract/process-notes.ts';

export type ProcessNoteSummary = z.infer<typeof notes.processNoteSummary>;
export type ProcessNoteOpened = z.infer<typeof notes.processNoteOpened>;
export type ProcessNoteGrant = z.infer<typeof notes.grantView>;
export type ProcessNotesOfClient = z.infer<typeof notes.processNotesOfClient>;

const seg = encodeURIComponent;

export const processNotesApi = {
  ofClient: (clientId: string) => call<ProcessNotesOfClient>('GET', `/api/clients/${seg(clientId)}/process-notes`),
  write: (sessionId: string, text: string) => call<ProcessNoteSummary>('POST', `/api/sessions/${seg(sessionId)}/process-notes`, { text }),
  open: (sessionId: string, noteId: string) => call<ProcessNoteOpened>('GET', `/api/sessions/${seg(sessionId)}/process-notes/${seg(noteId)}`),
  edit: (sessionId: string, noteId: string, text: string) =>
    call<ProcessNoteSummary>('PUT', `/api/sessions/${seg(sessionId)}/process-notes/${seg(noteId)}`, { text }),
  grant: (clientId: string, granteeId: string, expiresAt: string) =>
    call<ProcessNoteGrant>('POST', `/api/clients/${seg(clientId)}/process-note-grants`, { granteeId, expiresAt }),
  revoke: (clientId: string, grantId: string) => call<ProcessNoteGrant>('DELETE', `/api/clients/${seg(clientId)}/process-note-grants/${seg(grantId)}`),
};

/** Where a session's process notes are written and opened. */
export const sessionNotesPath = (clientId: string, sessionId: string) => `/clients/${seg(clientId)}/sessions/${seg(sessionId)}/process-notes`;
