/**
 * The twice-told session in the browser's API client (SPEC §3 C6). Shapes are the wire contract's
 * (src/contract/notes.ts), imported for their types only.
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as notes from '../../contract/notes.ts';

export type SessionNotes = z.infer<typeof notes.sessionNotesView>;
export type NoteView = z.infer<typeof notes.noteView>;
export type ReflectionView = z.infer<typeof notes.reflectionView>;
export type ReflectionBody = z.input<typeof notes.reflectionBody>;
export type NoteIndex = z.infer<typeof notes.noteIndexView>;

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

export const notesApi = {
  session: (sessionId: string) => call<SessionNotes>('GET', `${base(sessionId)}/notes`),
  draft: (sessionId: string, text: string) => call<SessionNotes>('POST', `${base(sessionId)}/progress-note`, { text }),
  edit: (sessionId: string, text: string) => call<SessionNotes>('PUT', `${base(sessionId)}/progress-note`, { text }),
  sign: (sessionId: string) => call<SessionNotes>('POST', `${base(sessionId)}/progress-note/sign`),
  amend: (sessionId: string, text: string) => call<SessionNotes>('POST', `${base(sessionId)}/progress-note/addenda`, { text }),
  share: (sessionId: string, shared: boolean) => call<SessionNotes>('PUT', `${base(sessionId)}/progress-note/sharing`, { shared }),
  reflect: (sessionId: string, body: ReflectionBody) => call<SessionNotes>('PUT', `${base(sessionId)}/reflection`, body),
  index: (clientId: string) => call<NoteIndex>('GET', `/api/clients/${encodeURIComponent(clientId)}/progress-notes`),
};
