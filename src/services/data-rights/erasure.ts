/**
 * Erasure where the law allows (SPEC §3 C10): crypto-shredding. The client's data key is deleted,
 * so everything sealed under it — name, contact, answers, goals, notes, every clinical text — can
 * no longer be opened, in this database and in every backup restored later (the erasure log
 * re-applies it). Refused, with the reason, while a course is open, while a hold applies, or
 * before the practice's retention period after the last contact has passed
 * (domain/data-rights/retention.ts). What remains is that an erasure happened, when and by whom:
 * the `erasures` row, the audit trail's event (ids only) and the log.
 *
 * An erasure also drops what this process keeps of the client: the opened key and texts in the key
 * ring (Vault.forget), the row cache's answers (dropped by the delete itself, row-cache.ts), and
 * the remembered recomputes of the client's courses.
 */
import { DomainError } from '../../domain/errors.ts';
import type { RetentionDecision } from '../../domain/data-rights/retention.ts';
import { RETENTION_DEFAULT_YEARS, RETENTION_YEARS_MAX, RETENTION_YEARS_MIN, retentionDecision } from '../../domain/data-rights/retention.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { HoldRow } from '../ports.ts';
import { forgetRecomputes } from '../alliance/alliance.ts';
import { namesOf } from '../accounts/users.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type RetentionView = { retentionYears: number; isDefault: boolean };

export async function getRetention(deps: Pick<Deps, 'store'>): Promise<RetentionView> {
  const practice = await deps.store.findPractice();
  const row = practice ? await deps.store.findRetention(practice.id) : undefined;
  return { retentionYears: row?.retentionYears ?? RETENTION_DEFAULT_YEARS, isDefault: !row };
}

export async function setRetention(deps: Deps, by: string, years: number): Promise<RetentionView> {
  if (!Number.isInteger(years) || years < RETENTION_YEARS_MIN || years > RETENTION_YEARS_MAX)
    throw new DomainError('invalid_input', `The retention period is a whole number of years from ${RETENTION_YEARS_MIN} to ${RETENTION_YEARS_MAX}.`, {
      field: 'retentionYears',
    });
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
  await deps.store.setRetention({ practiceId: practice.id, retentionYears: years, updatedAt: iso(deps.clock.now()), updatedBy: by });
  return getRetention(deps);
}

export type HoldView = HoldRow & { placedByName: string; releasedByName: string | null };
export type ErasureView = {
  clientId: string;
  erased: { at: string; byName: string | null } | null;
  lastContact: string;
  retentionYears: number;
  decision: RetentionDecision;
  holds: HoldView[];
};

/** The latest day anything happened with the client. */
async function lastContactOf(deps: Pick<Deps, 'store'>, clientId: string, createdAt: string): Promise<{ last: string; open: boolean }> {
  const courses = await deps.store.listCoursesOfClient(clientId);
  // The record's own creation counts only when nothing else happened (a record entered after the fact is dated by its events).
  let last = '';
  const later = (t: string | null | undefined) => {
    if (t && t > last) last = t;
  };
  for (const k of courses) {
    later(k.startedOn);
    later(k.endedOn);
    for (const s of await deps.store.listSessionsOfCourse(k.id)) if (s.status !== 'scheduled') later(s.startsAt);
  }
  for (const r of await deps.store.listResponseScores({ clientIds: [clientId] })) later(r.completedAt);
  return { last: last || createdAt, open: courses.some((k) => k.status !== 'ended') };
}

/** Whether the client's record may be erased now, and why not; its holds; whether it was erased. */
export async function erasureState(deps: Deps, clientId: string): Promise<ErasureView> {
  const client = await deps.store.findClient(clientId);
  if (!client) throw new DomainError('not_found', 'No such client.');
  const [retention, holds, { last, open }, erasures] = await Promise.all([
    getRetention(deps),
    deps.store.listHolds(clientId),
    lastContactOf(deps, clientId, client.createdAt),
    deps.store.listErasures(),
  ]);
  const erasure = erasures.find((e) => e.clientId === clientId);
  const names = await namesOf(deps, [...holds.flatMap((h) => [h.placedBy, h.releasedBy]), erasure?.erasedBy]);
  return {
    clientId,
    erased: erasure ? { at: erasure.erasedAt, byName: erasure.erasedBy ? (names.get(erasure.erasedBy) ?? null) : null } : null,
    lastContact: last,
    retentionYears: retention.retentionYears,
    decision: retentionDecision({
      lastContact: last,
      openCourse: open,
      holds,
      retentionYears: retention.retentionYears,
      today: iso(deps.clock.now()).slice(0, 10),
    }),
    holds: holds.map((h) => ({ ...h, placedByName: names.get(h.placedBy) ?? '', releasedByName: h.releasedBy ? (names.get(h.releasedBy) ?? null) : null })),
  };
}

export async function placeHold(deps: Deps, clientId: string, by: string, reason: string): Promise<ErasureView> {
  const text = reason.trim();
  if (!text || text.length > 300)
    throw new DomainError('invalid_input', 'Say why the record is held, in at most 300 characters (no clinical detail).', { field: 'reason' });
  if (!(await deps.store.findClient(clientId))) throw new DomainError('not_found', 'No such client.');
  await deps.store.insertHold({
    id: deps.ids.newId(),
    clientId,
    reason: text,
    placedBy: by,
    placedAt: iso(deps.clock.now()),
    releasedAt: null,
    releasedBy: null,
  });
  return erasureState(deps, clientId);
}

export async function releaseHold(deps: Deps, clientId: string, holdId: string, by: string): Promise<ErasureView> {
  const hold = (await deps.store.listHolds(clientId)).find((h) => h.id === holdId);
  if (!hold) throw new DomainError('not_found', 'No such hold on this client.');
  if (!(await deps.store.releaseHold(holdId, iso(deps.clock.now()), by))) throw new DomainError('conflict', 'This hold was released already.');
  return erasureState(deps, clientId);
}

/**
 * Erases the client's record by deleting its data key, after the retention check; refused with the
 * reason (conflict) while it may not be erased. The portal account is disabled with it.
 */
export async function eraseClient(deps: Deps, clientId: string, by: string): Promise<ErasureView> {
  const state = await erasureState(deps, clientId);
  if (state.erased) throw new DomainError('conflict', `This record was erased on ${state.erased.at.slice(0, 10)}.`);
  if (!state.decision.erasable)
    throw new DomainError('conflict', `The record cannot be erased yet. ${state.decision.message}`, {
      reason: state.decision.reason,
      keptUntil: state.decision.keptUntil,
    });
  const key = await deps.store.findClientKey(clientId);
  const courses = await deps.store.listCoursesOfClient(clientId);
  const at = iso(deps.clock.now());
  await unitOfWork(deps, async (d) => {
    const done = await d.store.eraseClientKey({
      id: d.ids.newId(),
      clientId,
      erasedAt: at,
      erasedBy: by,
      basis: `retention of ${state.retentionYears} years ended ${state.decision.keptUntil} (last contact ${state.lastContact.slice(0, 10)})`,
    });
    if (!done) throw new DomainError('conflict', 'This record was erased meanwhile.');
    const portal = await d.store.findUserByClientId(clientId);
    if (portal && portal.status !== 'disabled') await d.store.updateUser(portal.id, { status: 'disabled', updatedAt: at });
  });
  if (key) deps.vault.forget(key);
  forgetRecomputes(
    deps.store,
    courses.map((k) => k.id),
  );
  deps.erasureLog?.append({ clientId, erasedAt: at, erasedBy: by });
  return erasureState(deps, clientId);
}

/**
 * After a restore: deletes again the data key of every client the erasure log names (erasures
 * made after the backup). Returns how many it erased again.
 */
export async function reapplyErasures(deps: Pick<Deps, 'store' | 'ids' | 'erasureLog'>): Promise<number> {
  let n = 0;
  for (const e of deps.erasureLog?.list() ?? []) {
    if (!(await deps.store.findClient(e.clientId))) continue;
    const done = await deps.store.eraseClientKey({
      id: deps.ids.newId(),
      clientId: e.clientId,
      erasedAt: e.erasedAt,
      erasedBy: null,
      basis: `re-applied after a restore (erased ${e.erasedAt}${e.erasedBy ? ` by user ${e.erasedBy}` : ''})`,
    });
    if (done) n++;
  }
  return n;
}
