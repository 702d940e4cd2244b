/**
 * Supervision notes (SPEC §3 C9; issue 15): a supervisor's notes about alliances to one supervisee,
 * optionally about one of that supervisee's courses, with a thread of replies, private to the two.
 * The admin, other staff and the client never read them (a note answers them as missing, and the
 * client's access report leaves their reads out: `keptFromClient`).
 *
 * The text is sealed like all clinical text: under the client's data key when the note names a
 * client (so erasing the client shreds it with the rest of their record), else under the
 * practice's account key. Lists show when, the focus and whether a note was answered, never the
 * words; opening a note (and its replies) is one audited read (the route records it, naming the
 * client when there is one). Text never reaches a log, a mail or a notification.
 */
import type { AllianceType } from '../../domain/cues/types.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SupervisionFocus, WithdrawReason } from '../../domain/supervision/supervision.ts';
import { WITHDRAW_REASONS, checkNoteChange, checkSupervisionText, isAllianceType, noteStanding } from '../../domain/supervision/supervision.ts';
import { namesOf } from '../accounts/users.ts';
import type { Binding } from '../clinical-text.ts';
import { UNREADABLE, clientNamesOf, openTextsOfClients, sealText } from '../clinical-text.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { NO_ID } from '../people/clients.ts';
import type { SupervisionNoteMeta, SupervisionNoteRow } from '../ports.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type SupervisionNoteSummary = {
  id: string;
  supervisor: { id: string; name: string };
  supervisee: { id: string; name: string };
  client: { id: string; name: string } | null;
  courseId: string | null;
  focus: SupervisionFocus;
  allianceType: AllianceType | null;
  createdAt: string;
  acknowledgedAt: string | null;
  /** When the supervisor last amended the words; null if never. */
  amendedAt: string | null;
  /** When the supervisor withdrew the note, and why; null while it stands. */
  withdrawn: { at: string; reason: WithdrawReason } | null;
  replies: number;
  lastReplyAt: string | null;
};
export type SupervisionMessage = { id: string; author: { id: string; name: string }; text: string | null; at: string };
export type SupervisionNoteOpened = SupervisionNoteSummary & {
  /** The note's words; null when they can no longer be read (the client was erased, or the text is damaged). */
  text: string | null;
  thread: SupervisionMessage[];
  /** The words amendments replaced, oldest first: what they said and when they were written and replaced. */
  earlier: { text: string | null; writtenAt: string; replacedAt: string }[];
  /** How the caller stands toward the note, and what they may do with it. */
  as: 'supervisor' | 'supervisee';
  can: { reply: boolean; acknowledge: boolean; amend: boolean; withdraw: boolean };
};

export type NewSupervisionNote = { focus: SupervisionFocus; allianceType: AllianceType | null; courseId: string | null; text: string };

const noteBinding = (id: string): Binding => ({ table: 'supervision_notes', id, field: 'body' });
const replyBinding = (id: string): Binding => ({ table: 'supervision_replies', id, field: 'body' });
const versionBinding = (id: string): Binding => ({ table: 'supervision_note_versions', id, field: 'body' });
const withdrawReason = (r: string | null): WithdrawReason =>
  (WITHDRAW_REASONS as readonly string[]).includes(r ?? '') ? (r as WithdrawReason) : 'written_in_error';

function checkedText(text: string): string {
  const t = checkSupervisionText(text);
  if (!t.ok) throw new DomainError('invalid_input', t.message, { field: 'text', reason: t.reason });
  return t.value;
}

/** Seals a note's or reply's words: under the client's key when the note names one, else the account key. */
async function seal(deps: Pick<Deps, 'store' | 'vault'>, clientId: string | null, b: Binding, text: string): Promise<string> {
  if (clientId) return sealText(deps, clientId, b, text);
  const key = await deps.store.findAccountKey();
  if (!key) throw new DomainError('unavailable', 'The practice’s account key is missing. The admin should run accord verify.');
  return deps.vault.seal(key, text, `${b.table}:${b.id}:${b.field}`);
}

/** Opens many texts of one note at once; null for what no longer opens (an erased client, damaged text). */
async function openAll(
  deps: Pick<Deps, 'store' | 'vault'>,
  clientId: string | null,
  items: readonly { b: Binding; sealed: string }[],
): Promise<(string | null)[]> {
  if (clientId) {
    const opened = await openTextsOfClients(
      deps,
      items.map((i) => ({ clientId, binding: i.b, sealed: i.sealed })),
    );
    return opened.map((t) => (t === UNREADABLE ? null : t));
  }
  const key = await deps.store.findAccountKey();
  return items.map((i) => {
    if (!key) return null;
    try {
      return deps.vault.open(key, i.sealed, `${i.b.table}:${i.b.id}:${i.b.field}`);
    } catch {
      return null;
    }
  });
}

/**
 * Notes as lists show them: the people's names and the client's name, never the words. Client
 * names the caller already opened (`known`, the drill-down's clients) are not looked up again.
 */
export async function noteSummaries(
  deps: Pick<Deps, 'store' | 'vault'>,
  notes: readonly SupervisionNoteMeta[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<SupervisionNoteSummary[]> {
  const people = await namesOf(
    deps,
    notes.flatMap((n) => [n.supervisorId, n.superviseeId]),
  );
  const clientNames = await clientNamesOf(
    deps,
    notes.map((n) => (n.clientId && !known.has(n.clientId) ? n.clientId : null)),
  );
  const nameOfClient = (id: string): string => {
    const n = known.get(id) ?? clientNames.get(id);
    if (n === UNREADABLE) return '(unreadable)';
    return n ?? '(erased)';
  };
  return notes.map((n) => ({
    id: n.id,
    supervisor: { id: n.supervisorId, name: people.get(n.supervisorId) ?? '' },
    supervisee: { id: n.superviseeId, name: people.get(n.superviseeId) ?? '' },
    client: n.clientId ? { id: n.clientId, name: nameOfClient(n.clientId) } : null,
    courseId: n.courseId,
    focus: n.focus as SupervisionFocus,
    allianceType: isAllianceType(n.allianceType) ? n.allianceType : null,
    createdAt: n.createdAt,
    acknowledgedAt: n.acknowledgedAt,
    amendedAt: n.amendedAt,
    withdrawn: n.withdrawnAt ? { at: n.withdrawnAt, reason: withdrawReason(n.withdrawnReason) } : null,
    replies: n.replies,
    lastReplyAt: n.lastReplyAt,
  }));
}

/**
 * The note and how the caller stands toward it, or not found: for anyone but its supervisee and
 * its supervisor (while still supervising), exactly as for a missing id, with the same queries.
 */
async function standingToNote(deps: Pick<Deps, 'store'>, callerId: string, noteId: string) {
  const note = await deps.store.findSupervisionNote(noteId);
  const supervisors = await deps.store.supervisorsOf(note?.superviseeId ?? NO_ID);
  const as = note ? noteStanding(callerId, note, supervisors.includes(callerId)) : null;
  if (!note || !as) throw new DomainError('not_found', 'No such supervision note.');
  return { note, as };
}

async function opened(deps: Pick<Deps, 'store' | 'vault'>, note: SupervisionNoteRow, as: 'supervisor' | 'supervisee'): Promise<SupervisionNoteOpened> {
  const [replies, versions] = await Promise.all([deps.store.listSupervisionReplies(note.id), deps.store.listSupervisionNoteVersions(note.id)]);
  const { bodyEnc, ...meta } = note;
  const [summary] = await noteSummaries(deps, [{ ...meta, replies: replies.length, lastReplyAt: replies.at(-1)?.createdAt ?? null }]);
  const texts = await openAll(deps, note.clientId, [
    { b: noteBinding(note.id), sealed: bodyEnc },
    ...replies.map((r) => ({ b: replyBinding(r.id), sealed: r.bodyEnc })),
    ...versions.map((v) => ({ b: versionBinding(v.id), sealed: v.bodyEnc })),
  ]);
  const open = note.withdrawnAt === null;
  const authors = await namesOf(
    deps,
    replies.map((r) => r.authorId),
  );
  return {
    ...summary!,
    text: texts[0] ?? null,
    thread: replies.map((r, i) => ({ id: r.id, author: { id: r.authorId, name: authors.get(r.authorId) ?? '' }, text: texts[i + 1] ?? null, at: r.createdAt })),
    earlier: versions.map((v, i) => ({ text: texts[1 + replies.length + i] ?? null, writtenAt: v.writtenAt, replacedAt: v.replacedAt })),
    as,
    can: {
      reply: open,
      acknowledge: open && as === 'supervisee' && note.acknowledgedAt === null,
      amend: open && as === 'supervisor' && texts[0] !== null,
      withdraw: open && as === 'supervisor',
    },
  };
}

/**
 * A supervisor writes a note to one of their supervisees. Someone they do not supervise is not
 * found; a course must be one of the supervisee's clients' (as assigned now), else the request is
 * refused without saying whether the course exists.
 */
export async function writeSupervisionNote(deps: Deps, supervisorId: string, superviseeId: string, input: NewSupervisionNote): Promise<SupervisionNoteOpened> {
  const supervisees = await deps.store.superviseesOf(supervisorId);
  if (!supervisees.includes(superviseeId)) throw new DomainError('not_found', 'No such supervisee.');
  const text = checkedText(input.text);
  let clientId: string | null = null;
  if (input.courseId !== null) {
    const course = await deps.store.findCourse(input.courseId);
    const client = course && (await deps.store.findClient(course.clientId));
    if (!client || client.therapistId !== superviseeId)
      throw new DomainError('invalid_input', 'Choose one of this supervisee’s courses, or none.', { field: 'courseId' });
    clientId = client.id;
  }
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
  const id = deps.ids.newId();
  const row: SupervisionNoteRow = {
    id,
    practiceId: practice.id,
    supervisorId,
    superviseeId,
    clientId,
    courseId: input.courseId,
    focus: input.focus,
    allianceType: input.allianceType,
    bodyEnc: await seal(deps, clientId, noteBinding(id), text),
    createdAt: iso(deps.clock.now()),
    acknowledgedAt: null,
    amendedAt: null,
    withdrawnAt: null,
    withdrawnReason: null,
  };
  await deps.store.insertSupervisionNote(row);
  return opened(deps, row, 'supervisor');
}

/** Opens one note with its thread (the route audits the read). */
export async function openSupervisionNote(deps: Deps, callerId: string, noteId: string): Promise<SupervisionNoteOpened> {
  const { note, as } = await standingToNote(deps, callerId, noteId);
  return opened(deps, note, as);
}

/** The supervisee or the supervisor answers within a note's thread (not once it is withdrawn). */
export async function replyToSupervisionNote(deps: Deps, callerId: string, noteId: string, text: string): Promise<SupervisionNoteOpened> {
  const { note, as } = await standingToNote(deps, callerId, noteId);
  if (note.withdrawnAt !== null) throw new DomainError('conflict', 'This note was withdrawn: its thread is closed.');
  const words = checkedText(text);
  const id = deps.ids.newId();
  await deps.store.insertSupervisionReply({
    id,
    noteId,
    authorId: callerId,
    bodyEnc: await seal(deps, note.clientId, replyBinding(id), words),
    createdAt: iso(deps.clock.now()),
  });
  return opened(deps, note, as);
}

/** The supervisee marks a note read (once; again is a no-op). The supervisor sees the note but may not. */
export async function acknowledgeSupervisionNote(deps: Deps, callerId: string, noteId: string): Promise<SupervisionNoteOpened> {
  const { note, as } = await standingToNote(deps, callerId, noteId);
  if (as !== 'supervisee') throw new DomainError('forbidden', 'Only the supervisee acknowledges a supervision note.');
  if (note.withdrawnAt !== null) throw new DomainError('conflict', 'This note was withdrawn: there is nothing to acknowledge.');
  const at = iso(deps.clock.now());
  const done = await deps.store.acknowledgeSupervisionNote(noteId, at);
  return opened(deps, done ? { ...note, acknowledgedAt: at } : ((await deps.store.findSupervisionNote(noteId)) ?? note), as);
}

/**
 * The supervisor corrects a note's words. The words replaced are kept (sealed as the note is) and
 * shown under the note as earlier words; the supervisee is asked to acknowledge it again. The
 * supervisee is refused (403); anyone else finds no note; a withdrawn note is closed (409).
 */
export async function amendSupervisionNote(deps: Deps, callerId: string, noteId: string, text: string): Promise<SupervisionNoteOpened> {
  return unitOfWork(deps, async (d) => {
    const { note, as } = await standingToNote(d, callerId, noteId);
    const words = checkedText(text);
    const [current] = await openAll(d, note.clientId, [{ b: noteBinding(note.id), sealed: note.bodyEnc }]);
    const ok = checkNoteChange(as, note, { kind: 'amend', text: words, current: current ?? null });
    if (!ok.ok) throw changeRefused(ok.reason, ok.message);
    const at = iso(d.clock.now());
    const versionId = d.ids.newId();
    const done = await d.store.amendSupervisionNote(noteId, await seal(d, note.clientId, noteBinding(note.id), words), at, {
      id: versionId,
      noteId,
      bodyEnc: await seal(d, note.clientId, versionBinding(versionId), current!),
      writtenAt: note.amendedAt ?? note.createdAt,
      replacedAt: at,
    });
    if (!done) throw new DomainError('conflict', 'This note was withdrawn: it can no longer be changed.');
    return opened(d, (await d.store.findSupervisionNote(noteId)) ?? note, as);
  });
}

/**
 * The supervisor withdraws a note they wrote, for one of the listed reasons. It stays, words and
 * thread, marked withdrawn, and no longer asks to be acknowledged or answered.
 */
export async function withdrawSupervisionNote(deps: Deps, callerId: string, noteId: string, reason: WithdrawReason): Promise<SupervisionNoteOpened> {
  return unitOfWork(deps, async (d) => {
    const { note, as } = await standingToNote(d, callerId, noteId);
    const ok = checkNoteChange(as, note, { kind: 'withdraw' });
    if (!ok.ok) throw changeRefused(ok.reason, ok.message);
    const at = iso(d.clock.now());
    if (!(await d.store.withdrawSupervisionNote(noteId, at, reason)))
      throw new DomainError('conflict', 'This note was withdrawn: it can no longer be changed.');
    return opened(d, { ...note, withdrawnAt: at, withdrawnReason: reason }, as);
  });
}

function changeRefused(reason: 'not_supervisor' | 'withdrawn' | 'unchanged' | 'unreadable', message: string): DomainError {
  if (reason === 'not_supervisor') return new DomainError('forbidden', message);
  if (reason === 'withdrawn') return new DomainError('conflict', message);
  return new DomainError('invalid_input', message, { field: 'text', reason });
}

/** The notes the caller's supervisors wrote about their work, newest first (never the words). */
export async function ownSupervisionNotes(deps: Deps, callerId: string): Promise<SupervisionNoteSummary[]> {
  return noteSummaries(deps, await deps.store.listSupervisionNotes({ superviseeIds: [callerId] }));
}
