/** The supervision part of the browser's API client. Shapes are the wire contract's (src/contract/supervision.ts). */
import { call } from '../api.ts';
import type {
  NewSupervisionNoteBody,
  SuperviseeDetailView,
  SupervisionNoteOpenedView,
  SupervisionNoteSummaryView,
  SupervisionOverviewView,
} from '../../contract/supervision.ts';
import type { WithdrawReason } from '../../domain/supervision/supervision.ts';

export type { SuperviseeDetailView, SupervisionNoteOpenedView, SupervisionNoteSummaryView, SupervisionOverviewView };

const seg = encodeURIComponent;

export const supervisionApi = {
  overview: () => call<SupervisionOverviewView>('GET', '/api/supervision'),
  supervisee: (therapistId: string) => call<SuperviseeDetailView>('GET', `/api/supervision/supervisees/${seg(therapistId)}`),
  write: (therapistId: string, body: NewSupervisionNoteBody) =>
    call<SupervisionNoteOpenedView>('POST', `/api/supervision/supervisees/${seg(therapistId)}/notes`, body),
  own: () => call<{ notes: SupervisionNoteSummaryView[] }>('GET', '/api/supervision/notes'),
  open: (noteId: string) => call<SupervisionNoteOpenedView>('GET', `/api/supervision/notes/${seg(noteId)}`),
  reply: (noteId: string, text: string) => call<SupervisionNoteOpenedView>('POST', `/api/supervision/notes/${seg(noteId)}/replies`, { text }),
  acknowledge: (noteId: string) => call<SupervisionNoteOpenedView>('POST', `/api/supervision/notes/${seg(noteId)}/acknowledge`),
  amend: (noteId: string, text: string) => call<SupervisionNoteOpenedView>('POST', `/api/supervision/notes/${seg(noteId)}/amend`, { text }),
  withdraw: (noteId: string, reason: WithdrawReason) => call<SupervisionNoteOpenedView>('POST', `/api/supervision/notes/${seg(noteId)}/withdraw`, { reason }),
};

export const superviseePath = (therapistId: string) => `/supervision/supervisees/${seg(therapistId)}`;
export const notePath = (noteId: string) => `/supervision/notes/${seg(noteId)}`;
