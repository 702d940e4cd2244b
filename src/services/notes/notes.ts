/**
 * The twice-told session (SPEC §3 C6): the therapist's progress note and the client's reflection
 * on one session, sealed from each other until both are written or the practice's reveal period
 * has passed, then shown side by side with the themes both mention. Each use case loads the
 * session's records once, decides in the domain (domain/notes/) and writes once; the texts are
 * sealed with the client's data key. The HTTP pipeline has already checked the caller's standing
 * and records every read and write in the audit trail.
 *
 * A shared reflection is the client's own account of the session: it is read by the cue reader
 * for the inferred alliance (through the alliance recompute queued after the write) and for the
 * rupture rule, whose alert commits with the reflection. A private reflection is read by nobody
 * else: the store's list for the analysis returns shared ones only.
 */
import type { ReflectionAnswers, ReflectionField } from '../../domain/notes/reflection.ts';
import { checkReflection, reflectionText, ruptureCueOf, REFLECTION_FIELDS } from '../../domain/notes/reflection.ts';
import type { NoteResult, ProgressNote } from '../../domain/notes/progress-note.ts';
import { addAddendum, clientMayRead, draftNote, editDraft, signNote as signDomainNote } from '../../domain/notes/progress-note.ts';
import type { PairState } from '../../domain/notes/seal.ts';
import { pairState } from '../../domain/notes/seal.ts';
import type { Mark, Theme } from '../../domain/notes/themes.ts';
import { sharedThemes } from '../../domain/notes/themes.ts';
import { notesDefaults } from '../../domain/notes/settings.ts';
import { readCues } from '../../domain/cues/read-cues.ts';
import { detectRupture } from '../../domain/measures/rupture.ts';
import { draftRuptureAlerts } from '../../domain/measures/alerts-from-outcomes.ts';
import { alertDedupeKey } from '../../domain/alerts/alert.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { Binding } from '../clinical-text.ts';
import { clientTexts } from '../clinical-text.ts';
import type { ClientRow, NoteAddendumRow, ProgressNoteRow, ReflectionRow, TherapySessionRow } from '../ports.ts';
import { unitOfWork } from '../unit-of-work.ts';
import type { FollowUps } from '../unit-of-work.ts';
import { storeAlert } from '../alerts/alerts.ts';
import { namesOf } from '../accounts/users.ts';

/** Who reads: the therapist (their own note), the client (their own reflection), or the therapist's supervisor (as the therapist sees it). */
export type NotesViewer = 'therapist' | 'client' | 'observer';

type Texts = { seal(b: Binding, text: string): string; open(b: Binding, sealed: string): string };

const bind = (table: string, id: string, field: string): Binding => ({ table, id, field });

export type NoteView = {
  id: string;
  text: string;
  writtenAt: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  signedByName: string | null;
  sharedWithClient: boolean;
  addenda: { id: string; text: string; writtenAt: string; authorName: string | null }[];
};
export type ReflectionView = ReflectionAnswers & { id: string; shared: boolean; writtenAt: string; updatedAt: string };
export type SessionNotesView = {
  sessionId: string;
  courseId: string;
  clientId: string;
  /** The client's name, for the page's heading (every viewer of the notes may read it). */
  clientName: string;
  sessionAt: string;
  viewer: NotesViewer;
  revealDays: number;
  note: NoteView | null;
  reflection: ReflectionView | null;
  /** The pair as this viewer stands: open or sealed, and whether the other side has written what this viewer will see. */
  pair: PairState & { otherWritten: boolean };
  /** Once open and both entries are visible: the themes both mention, and the marks in each text part (note, then addenda; the three answers). */
  themes: { list: Theme[]; note: Mark[][]; reflection: Mark[][] } | null;
};

/** A client's progress notes as the admin sees them (SPEC §2: date and type only). */
export type NoteIndexItem = { sessionId: string; sessionAt: string; type: 'progress_note'; writtenAt: string; signedAt: string | null };

type Loaded = {
  session: TherapySessionRow;
  client: ClientRow;
  texts: Texts;
  revealDays: number;
  noteRow: ProgressNoteRow | undefined;
  addenda: NoteAddendumRow[];
  reflectionRow: ReflectionRow | undefined;
};

async function load(deps: Pick<Deps, 'store' | 'vault'>, sessionId: string): Promise<Loaded> {
  const session = await deps.store.findSession(sessionId);
  const client = session && (await deps.store.findClient(session.clientId));
  if (!session || !client) throw new DomainError('not_found', 'No such session.');
  const [texts, practice, noteRow, reflectionRow] = await Promise.all([
    clientTexts(deps, client.id),
    deps.store.findPractice(),
    deps.store.findProgressNoteOfSession(sessionId),
    deps.store.findReflectionOfSession(sessionId),
  ]);
  const addenda = noteRow ? await deps.store.listNoteAddenda(noteRow.id) : [];
  return { session, client, texts, revealDays: practice?.notesRevealDays ?? notesDefaults.revealAfterDays, noteRow, addenda, reflectionRow };
}

function noteOf(l: Loaded): ProgressNote | undefined {
  const r = l.noteRow;
  if (!r) return undefined;
  return {
    id: r.id,
    sessionId: r.sessionId,
    authorId: r.authorId,
    text: l.texts.open(bind('progress_notes', r.id, 'body'), r.bodyEnc),
    writtenAt: r.writtenAt,
    updatedAt: r.updatedAt,
    signedAt: r.signedAt,
    signedBy: r.signedBy,
    sharedWithClient: r.sharedWithClient,
    addenda: l.addenda.map((a) => ({
      id: a.id,
      text: l.texts.open(bind('progress_note_addenda', a.id, 'body'), a.bodyEnc),
      writtenAt: a.writtenAt,
      authorId: a.authorId,
    })),
  };
}

function answersOf(texts: Texts, r: ReflectionRow): ReflectionAnswers {
  return JSON.parse(texts.open(bind('reflections', r.id, 'answers'), r.answersEnc)) as ReflectionAnswers;
}

/** Whether the pair is open for this viewer (seal.ts), from what each side could see of the other. */
function stateFor(l: Loaded, viewer: NotesViewer, now: string): PairState & { otherWritten: boolean } {
  const signed = l.noteRow?.signedAt != null;
  const noteForClient = !!l.noteRow && clientMayRead(l.noteRow);
  const reflected = !!l.reflectionRow;
  const sharedReflection = !!l.reflectionRow?.shared;
  const [mine, theirs] = viewer === 'client' ? [reflected, noteForClient] : [signed, sharedReflection];
  return { ...pairState({ sessionAt: l.session.startsAt, now, revealDays: l.revealDays, mine, theirs }), otherWritten: theirs };
}

async function viewOf(deps: Pick<Deps, 'store' | 'clock'>, l: Loaded, viewer: NotesViewer): Promise<SessionNotesView> {
  const now = iso(deps.clock.now());
  const pair = stateFor(l, viewer, now);
  const note = noteOf(l);
  const showNote = note && (viewer !== 'client' || (clientMayRead(note) && pair.open));
  const showReflection = l.reflectionRow && (viewer === 'client' || (l.reflectionRow.shared && pair.open));
  const names = showNote ? await namesOf(deps, [note.signedBy, ...note.addenda.map((a) => a.authorId)]) : new Map<string, string>();
  const noteView: NoteView | null = showNote
    ? {
        id: note.id,
        text: note.text,
        writtenAt: note.writtenAt,
        updatedAt: note.updatedAt,
        signedAt: note.signedAt,
        signedBy: viewer === 'client' ? null : note.signedBy,
        signedByName: note.signedBy ? (names.get(note.signedBy) ?? null) : null,
        sharedWithClient: note.sharedWithClient,
        addenda: note.addenda.map((a) => ({ id: a.id, text: a.text, writtenAt: a.writtenAt, authorName: names.get(a.authorId) ?? null })),
      }
    : null;
  const r = showReflection ? l.reflectionRow! : undefined;
  const reflection: ReflectionView | null = r ? { id: r.id, ...answersOf(l.texts, r), shared: r.shared, writtenAt: r.writtenAt, updatedAt: r.updatedAt } : null;
  // Side by side only when the pair is open and this viewer sees both; a draft is not yet the therapist's account.
  const bothShown = pair.open && noteView && noteView.signedAt && reflection && (viewer === 'client' || reflection.shared);
  const found = bothShown
    ? sharedThemes(
        [noteView.text, ...noteView.addenda.map((a) => a.text)],
        REFLECTION_FIELDS.map((f) => reflection[f]),
      )
    : null;
  return {
    sessionId: l.session.id,
    courseId: l.session.courseId,
    clientId: l.client.id,
    clientName: l.texts.open({ table: 'clients', id: l.client.id, field: 'name' }, l.client.nameEnc),
    sessionAt: l.session.startsAt,
    viewer,
    revealDays: l.revealDays,
    note: noteView,
    reflection,
    pair,
    themes: found ? { list: found.themes, note: found.left, reflection: found.right } : null,
  };
}

/** The session's note and reflection as this viewer may see them (sealed per SPEC §3 C6). */
export async function sessionNotes(deps: Pick<Deps, 'store' | 'vault' | 'clock'>, sessionId: string, viewer: NotesViewer): Promise<SessionNotesView> {
  return viewOf(deps, await load(deps, sessionId), viewer);
}

/** The client's progress notes, date and type only (the admin's view, SPEC §2). */
export async function progressNoteIndex(deps: Pick<Deps, 'store'>, clientId: string): Promise<NoteIndexItem[]> {
  const [notes, courses] = await Promise.all([deps.store.listProgressNotesOfClient(clientId), deps.store.listCoursesOfClient(clientId)]);
  const sessions = new Map((await Promise.all(courses.map((k) => deps.store.listSessionsOfCourse(k.id)))).flat().map((s) => [s.id, s.startsAt]));
  return notes
    .map((n) => ({
      sessionId: n.sessionId,
      sessionAt: sessions.get(n.sessionId) ?? n.writtenAt,
      type: 'progress_note' as const,
      writtenAt: n.writtenAt,
      signedAt: n.signedAt,
    }))
    .sort((a, b) => b.sessionAt.localeCompare(a.sessionAt));
}

function refuse(r: Extract<NoteResult<unknown>, { ok: false }>): never {
  // Empty or too long: the request is wrong (400). Signed twice, or an addendum to a draft: the note's state does not allow it (409).
  throw new DomainError(r.reason === 'empty' || r.reason === 'too_long' ? 'invalid_input' : 'conflict', r.message, { reason: r.reason });
}

/** Notes and reflections are about a session that has taken place. */
function assertHappened(session: TherapySessionRow, now: string): void {
  if (Date.parse(session.startsAt) > Date.parse(now)) throw new DomainError('conflict', 'This session has not taken place yet.');
}

type Write = (d: Deps & { after: FollowUps }, l: Loaded, now: string) => Promise<void>;

/** One write to the session's notes, in a unit of work: load, decide, write, then answer as the writer sees it. */
async function write(deps: Deps, sessionId: string, viewer: NotesViewer, fn: Write): Promise<SessionNotesView> {
  return unitOfWork(deps, async (d) => {
    const l = await load(d, sessionId);
    const now = iso(d.clock.now());
    await fn(d, l, now);
    return viewOf(d, await load(d, sessionId), viewer);
  });
}

/** The therapist starts the session's progress note as a draft (one per session; a second is refused). */
export async function writeNote(deps: Deps, sessionId: string, authorId: string, text: string): Promise<SessionNotesView> {
  return write(deps, sessionId, 'therapist', async (d, l, now) => {
    assertHappened(l.session, now);
    if (l.noteRow) throw new DomainError('conflict', 'This session already has a progress note: edit the draft, or add an addendum once it is signed.');
    const r = draftNote({ id: d.ids.newId(), sessionId, authorId, text, at: now });
    if (!r.ok) refuse(r);
    const n = r.value;
    const inserted = await d.store.insertProgressNote({
      id: n.id,
      clientId: l.client.id,
      courseId: l.session.courseId,
      sessionId,
      authorId,
      bodyEnc: l.texts.seal(bind('progress_notes', n.id, 'body'), n.text),
      writtenAt: now,
      updatedAt: now,
      signedAt: null,
      signedBy: null,
      sharedWithClient: false,
    });
    if (!inserted) throw new DomainError('conflict', 'This session already has a progress note.');
  });
}

function existing(l: Loaded): ProgressNote {
  const note = noteOf(l);
  if (!note) throw new DomainError('not_found', 'This session has no progress note yet.');
  return note;
}

/** The therapist changes the draft's text; a signed note is locked. */
export async function editNote(deps: Deps, sessionId: string, text: string): Promise<SessionNotesView> {
  return write(deps, sessionId, 'therapist', async (d, l, now) => {
    const r = editDraft(existing(l), text, now);
    if (!r.ok) refuse(r);
    const ok = await d.store.updateProgressNoteDraft(r.value.id, l.texts.seal(bind('progress_notes', r.value.id, 'body'), r.value.text), now);
    if (!ok) throw new DomainError('conflict', 'This note was signed meanwhile. Add an addendum to change it.');
  });
}

/** The therapist signs the note: locked, with when and by whom. Signing twice is refused (409). */
export async function signNote(deps: Deps, sessionId: string, by: string): Promise<SessionNotesView> {
  return write(deps, sessionId, 'therapist', async (d, l, now) => {
    const r = signDomainNote(existing(l), by, now);
    if (!r.ok) refuse(r);
    if (!(await d.store.signProgressNote(r.value.id, by, now))) throw new DomainError('conflict', 'This note was already signed.');
  });
}

/** The therapist adds a signed, dated addendum to a signed note; the original stays as it was. A draft is refused (edit it). */
export async function amendNote(deps: Deps, sessionId: string, by: string, text: string): Promise<SessionNotesView> {
  return write(deps, sessionId, 'therapist', async (d, l, now) => {
    const id = d.ids.newId();
    const r = addAddendum(existing(l), { id, text, authorId: by, at: now });
    if (!r.ok) refuse(r);
    const added = r.value.addenda[r.value.addenda.length - 1]!;
    await d.store.insertNoteAddendum({
      id,
      noteId: r.value.id,
      clientId: l.client.id,
      authorId: by,
      bodyEnc: l.texts.seal(bind('progress_note_addenda', id, 'body'), added.text),
      writtenAt: now,
    });
  });
}

/** The therapist shares the note with the client, or withdraws it (the client reads it once it is signed). */
export async function shareNote(deps: Deps, sessionId: string, shared: boolean): Promise<SessionNotesView> {
  return write(deps, sessionId, 'therapist', async (d, l) => {
    await d.store.setProgressNoteShared(existing(l).id, shared);
  });
}

export type ReflectionInput = Partial<Record<ReflectionField, string>> & { shared: boolean };

/**
 * The client writes their reflection on a session, or changes it: its words while the pair is
 * still sealed for them (once they have read their therapist's note beside it, the words they wrote
 * before stand), and whether it is shared at any time. When it is shared, its withdrawal or
 * confrontation cues raise a rupture alert in the same transaction (SPEC §5.3), and the course's
 * alliance is recomputed after the commit (its cues are evidence).
 */
export async function writeReflection(deps: Deps, sessionId: string, authorId: string, input: ReflectionInput): Promise<SessionNotesView> {
  return write(deps, sessionId, 'client', async (d, l, now) => {
    assertHappened(l.session, now);
    const checked = checkReflection(input);
    if (!checked.ok) throw new DomainError('invalid_input', checked.message, { reason: checked.reason });
    const answers = checked.value;
    const row = l.reflectionRow;
    let id: string;
    if (!row) {
      id = d.ids.newId();
      const inserted = await d.store.insertReflection({
        id,
        clientId: l.client.id,
        courseId: l.session.courseId,
        sessionId,
        authorId,
        answersEnc: l.texts.seal(bind('reflections', id, 'answers'), JSON.stringify(answers)),
        shared: input.shared,
        writtenAt: now,
        updatedAt: now,
      });
      if (!inserted) throw new DomainError('conflict', 'This session already has your reflection. Reload the page to see it.');
    } else {
      id = row.id;
      const before = answersOf(l.texts, row);
      const changed = REFLECTION_FIELDS.some((f) => before[f] !== answers[f]);
      if (changed && stateFor(l, 'client', now).open)
        throw new DomainError(
          'conflict',
          'Your therapist’s note is open beside this reflection now, so its words stay as you wrote them. You can still choose whether to share it.',
        );
      if (!changed && row.shared === input.shared) return;
      await d.store.updateReflection(id, {
        ...(changed ? { answersEnc: l.texts.seal(bind('reflections', id, 'answers'), JSON.stringify(answers)) } : {}),
        shared: input.shared,
        updatedAt: now,
      });
    }
    if (input.shared) await raiseRuptureFromReflection(d, l, answers);
    // Shared or withdrawn, the evidence the inferred alliance reads has changed.
    if (input.shared || row?.shared) d.after.queue({ kind: 'alliance', courseId: l.session.courseId });
  });
}

/**
 * SPEC §5.3: withdrawal or confrontation cues in the client's shared reflection are a rupture sign.
 * The alert quotes the words that fired, links the reflection and suggests a conversation; it is
 * keyed on the session and its reflection, so a reflection raises one alert however often it is saved,
 * apart from a rupture its Session check may have raised.
 */
async function raiseRuptureFromReflection(d: Deps, l: Loaded, answers: ReflectionAnswers): Promise<void> {
  // The evidence links the session's notes page, where the reflection is read beside the note.
  const cue = ruptureCueOf(readCues(reflectionText(answers), { writer: 'client' }), { type: 'session_notes', id: l.session.id });
  if (!cue.hasRuptureCue) return;
  const result = { ...detectRupture({ clientHistory: [], cue }), sessionId: l.session.id };
  for (const draft of draftRuptureAlerts(l.session.courseId, result)) {
    if (draft.kind !== 'rupture') continue;
    await storeAlert(
      d,
      l.texts,
      { ...draft, dedupeKey: alertDedupeKey('rupture', l.session.courseId, l.session.id, 'reflection') },
      {
        clientId: l.client.id,
        therapistId: l.client.therapistId,
      },
    );
  }
}
