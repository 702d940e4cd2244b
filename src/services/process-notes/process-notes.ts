/**
 * Process notes (SPEC §2, C6; issue 11): the therapist's private notes about a session, a resource
 * apart from the record. The text is sealed under the client's data key like all clinical text;
 * lists show only when a note was written, never its words. Opening (or rewriting) a note needs a
 * re-authentication within the practice's `processNoteReauthMinutes`; the pipeline records every
 * opening in the audit trail (without content) and decides who may open which note from the note's
 * guard (its author, and the supervisors the author gave a training grant for this client, while
 * the grant holds: `RecordGuard`, src/domain/access.ts).
 *
 * Nothing else in Accord reads these tables: no analysis, cue, alert, notification, search or
 * client access report looks at them, so their text cannot reach one.
 */
import type { RecordGuard } from '../../domain/access.ts';
import { grantHolds } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkGrant, checkNoteText, DEFAULT_REAUTH_MINUTES, reauthFresh } from '../../domain/process-notes/process-note.ts';
import type { SignedIn } from '../accounts/auth.ts';
import { openText, sealText } from '../clinical-text.ts';
import { getClient } from '../people/clients.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ProcessNoteGrantRow, ProcessNoteMeta } from '../ports.ts';

const binding = (id: string) => ({ table: 'process_notes', id, field: 'text' });

export type ProcessNoteSummary = ProcessNoteMeta & { authorName: string; sessionStartsAt: string | null; mine: boolean };
export type ProcessNoteOpened = ProcessNoteSummary & { text: string };
export type GrantView = ProcessNoteGrantRow & { granteeName: string; holds: boolean };
export type ProcessNotesOfClient = {
  notes: ProcessNoteSummary[];
  /** The training grants the caller gave on this client (an author's own view). */
  grants: GrantView[];
  /** Who the caller may grant their notes to: their own supervisors. */
  supervisors: { id: string; name: string }[];
  reauthMinutes: number;
};

/**
 * The guard of one note for the pipeline: its author and the author's grants on the note's client.
 * A note that is not on the session named in the path is missing. The grants are queried even for
 * a missing note, so a missing note and a withheld one cost the same queries.
 */
export async function processNoteGuard(deps: Pick<Deps, 'store'>, sessionId: string, noteId: string): Promise<RecordGuard | undefined> {
  const note = await deps.store.findProcessNote(noteId);
  const grants = await deps.store.listProcessNoteGrants(note?.clientId ?? sessionId, { authorId: note?.authorId ?? sessionId });
  if (!note || note.sessionId !== sessionId) return undefined;
  return {
    authorId: note.authorId,
    grants: grants.map((g) => ({ granteeId: g.granteeId, grantedAt: g.grantedAt, expiresAt: g.expiresAt, revokedAt: g.revokedAt })),
  };
}

async function reauthMinutes(deps: Pick<Deps, 'store'>): Promise<number> {
  return (await deps.store.findPractice())?.processNoteReauthMinutes ?? DEFAULT_REAUTH_MINUTES;
}

/**
 * Refuses without a re-authentication of the last few minutes (code `reauth_required`, which the
 * web app answers by asking for the password — and the code, if the account has a second factor).
 */
async function requireFreshAuth(deps: Pick<Deps, 'store' | 'clock'>, si: SignedIn): Promise<void> {
  const minutes = await reauthMinutes(deps);
  if (reauthFresh(si.session.reauthAt, iso(deps.clock.now()), minutes)) return;
  throw new DomainError(
    'reauth_required',
    `Process notes are private. Confirm it is you to open them (asked again after ${minutes} minute${minutes === 1 ? '' : 's'}).`,
    { reauth: true, minutes },
  );
}

function checkedText(text: string): string {
  const t = checkNoteText(text);
  if (!t.ok) throw new DomainError('invalid_input', t.message, { field: 'text', reason: t.reason });
  return t.value;
}

async function summaries(deps: Pick<Deps, 'store'>, callerId: string, notes: readonly ProcessNoteMeta[]): Promise<ProcessNoteSummary[]> {
  const names = await deps.store.displayNamesOf(new Set(notes.map((n) => n.authorId)));
  const sessions = new Map<string, string | null>();
  for (const id of new Set(notes.map((n) => n.sessionId))) sessions.set(id, (await deps.store.findSession(id))?.startsAt ?? null);
  return notes.map((n) => ({
    ...n,
    authorName: names.get(n.authorId) ?? 'Former colleague',
    sessionStartsAt: sessions.get(n.sessionId) ?? null,
    mine: n.authorId === callerId,
  }));
}

/** Writes a new process note on a session, as its author (the client's assigned therapist). */
export async function writeProcessNote(deps: Deps, authorId: string, sessionId: string, text: string): Promise<ProcessNoteSummary> {
  const t = checkedText(text);
  const session = await deps.store.findSession(sessionId);
  if (!session) throw new DomainError('not_found', 'Not found.');
  const id = deps.ids.newId();
  const now = iso(deps.clock.now());
  const row = { id, clientId: session.clientId, sessionId, authorId, createdAt: now, updatedAt: now };
  await deps.store.insertProcessNote({ ...row, textEnc: await sealText(deps, session.clientId, binding(id), t) });
  return (await summaries(deps, authorId, [row]))[0]!;
}

/** Opens one note (its author, or a supervisor under a holding grant: decided by the pipeline), after a fresh re-authentication. */
export async function openProcessNote(deps: Deps, si: SignedIn, noteId: string): Promise<ProcessNoteOpened> {
  await requireFreshAuth(deps, si);
  const note = await deps.store.findProcessNote(noteId);
  if (!note) throw new DomainError('not_found', 'Not found.');
  const { textEnc, ...meta } = note;
  const text = await openText(deps, note.clientId, binding(note.id), textEnc);
  return { ...(await summaries(deps, si.user.id, [meta]))[0]!, text };
}

/** Rewrites the author's own note (the pipeline lets only the author in), after a fresh re-authentication. */
export async function editProcessNote(deps: Deps, si: SignedIn, noteId: string, text: string): Promise<ProcessNoteSummary> {
  const t = checkedText(text);
  await requireFreshAuth(deps, si);
  const note = await deps.store.findProcessNote(noteId);
  if (!note) throw new DomainError('not_found', 'Not found.');
  const now = iso(deps.clock.now());
  await deps.store.updateProcessNote(note.id, { textEnc: await sealText(deps, note.clientId, binding(note.id), t), updatedAt: now });
  const { textEnc: _sealed, ...meta } = note;
  return (await summaries(deps, si.user.id, [{ ...meta, updatedAt: now }]))[0]!;
}

export type OwnExport = {
  exportedAt: string;
  authorName: string;
  notes: (ProcessNoteMeta & { clientName: string; sessionStartsAt: string | null; text: string })[];
};

/**
 * The author's own export (SPEC §2: process notes are never in exports, except the author's own):
 * every note they wrote on a client who is theirs now, opened, after a fresh re-authentication.
 * Notes on clients since moved to another therapist stay out, as they no longer open them either.
 */
export async function exportOwnProcessNotes(deps: Deps, si: SignedIn): Promise<OwnExport> {
  await requireFreshAuth(deps, si);
  const rows = await deps.store.listProcessNotesOfAuthor(si.user.id);
  const clientNames = new Map<string, string>();
  for (const clientId of new Set(rows.map((r) => r.clientId))) {
    const c = await deps.store.findClient(clientId);
    if (c?.therapistId === si.user.id) clientNames.set(clientId, (await getClient(deps, clientId)).name);
  }
  const mine = rows.filter((r) => clientNames.has(r.clientId));
  const sessions = await summaries(
    deps,
    si.user.id,
    mine.map(({ textEnc: _t, ...meta }) => meta),
  );
  const notes = [];
  for (const [i, r] of mine.entries()) {
    const { textEnc, ...meta } = r;
    notes.push({
      ...meta,
      clientName: clientNames.get(r.clientId)!,
      sessionStartsAt: sessions[i]!.sessionStartsAt,
      text: await openText(deps, r.clientId, binding(r.id), textEnc),
    });
  }
  return { exportedAt: iso(deps.clock.now()), authorName: si.user.displayName, notes };
}

/**
 * The process notes of a client the caller may see listed (never their text): their own, and
 * those of authors whose training grant to the caller on this client holds now; with the grants
 * the caller gave and the supervisors they may give one to.
 */
export async function processNotesOfClient(deps: Deps, callerId: string, clientId: string): Promise<ProcessNotesOfClient> {
  const now = iso(deps.clock.now());
  const toMe = await deps.store.listProcessNoteGrants(clientId, { granteeId: callerId });
  const authors = new Set([callerId, ...toMe.filter((g) => grantHolds(g, now)).map((g) => g.authorId)]);
  const notes = await summaries(deps, callerId, await deps.store.listProcessNotes(clientId, [...authors]));
  const given = await deps.store.listProcessNoteGrants(clientId, { authorId: callerId });
  const supervisorIds = await deps.store.supervisorsOf(callerId);
  const names = await deps.store.displayNamesOf(new Set([...given.map((g) => g.granteeId), ...supervisorIds]));
  return {
    notes,
    grants: given.map((g) => ({ ...g, granteeName: names.get(g.granteeId) ?? 'Former colleague', holds: grantHolds(g, now) })),
    supervisors: supervisorIds.map((id) => ({ id, name: names.get(id) ?? 'Former colleague' })).sort((a, b) => a.name.localeCompare(b.name)),
    reauthMinutes: await reauthMinutes(deps),
  };
}

/**
 * Gives one of the author's supervisors a training grant to read the author's process notes on
 * this client until `expiresAt` (at most GRANT_MAX_DAYS). Anyone else — a colleague who does not
 * supervise the author, oneself — is refused, as is an end already past.
 */
export async function grantProcessNotes(deps: Deps, authorId: string, clientId: string, input: { granteeId: string; expiresAt: string }): Promise<GrantView> {
  const now = iso(deps.clock.now());
  const supervisorsOfAuthor = await deps.store.supervisorsOf(authorId);
  const c = checkGrant({ authorId, granteeId: input.granteeId, supervisorsOfAuthor, now, expiresAt: input.expiresAt });
  if (!c.ok)
    throw new DomainError('invalid_input', c.message, {
      field: c.reason === 'expired' || c.reason === 'too_long' ? 'expiresAt' : 'granteeId',
      reason: c.reason,
    });
  const row: ProcessNoteGrantRow = {
    id: deps.ids.newId(),
    clientId,
    authorId,
    granteeId: input.granteeId,
    grantedAt: now,
    expiresAt: c.value.expiresAt,
    revokedAt: null,
  };
  await deps.store.insertProcessNoteGrant(row);
  const names = await deps.store.displayNamesOf([row.granteeId]);
  return { ...row, granteeName: names.get(row.granteeId) ?? 'Former colleague', holds: true };
}

/** Revokes one of the author's own grants on this client at once; someone else's grant is not found, a revoked one a conflict. */
export async function revokeProcessNoteGrant(deps: Deps, authorId: string, clientId: string, grantId: string): Promise<GrantView> {
  const g = await deps.store.findProcessNoteGrant(grantId);
  if (!g || g.clientId !== clientId || g.authorId !== authorId) throw new DomainError('not_found', 'Not found.');
  if (g.revokedAt !== null) throw new DomainError('conflict', 'This grant was already revoked.');
  const now = iso(deps.clock.now());
  await deps.store.revokeProcessNoteGrant(g.id, now);
  const names = await deps.store.displayNamesOf([g.granteeId]);
  return { ...g, revokedAt: now, granteeName: names.get(g.granteeId) ?? 'Former colleague', holds: false };
}
