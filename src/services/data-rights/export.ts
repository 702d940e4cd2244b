/**
 * What leaves Accord when a record is exported (SPEC §3 C10): one client's record, or every client
 * of the practice a caller may export, read through the capabilities that own each part (people,
 * measures, alliance goals, the audit trail) and handed to a format (FHIR R4 in src/fhir/, CSV in
 * domain/data-rights/csv.ts). Process notes are never part of it: the author's own export of them
 * is the process-notes capability's (`exportOwnProcessNotes`), behind its re-authentication.
 *
 * A client's own copy (GDPR Art. 15 and 20) is the same record read as the client reads it: the
 * responses they answered themselves, their goals, courses and sessions, and who read their record.
 */
import type { AuditEvent } from '../../domain/audit-chain.ts';
import type { Caller } from '../../domain/access.ts';
import { keptFromClient } from '../../domain/access.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ClientView, CourseView, SessionView } from '../people/clients.ts';
import { getClient, listCourses } from '../people/clients.ts';
import type { ResponseView } from '../measures/measures.ts';
import { listResponses } from '../measures/measures.ts';
import { findInstrument } from '../measures/instruments.ts';
import type { GoalView } from '../alliance/goals.ts';
import { listGoals } from '../alliance/goals.ts';
import { namesOf } from '../accounts/users.ts';
import { clientsInScope } from '../people/scope.ts';

/** Who reads the export: staff get the whole record; the client their own copy. */
export type ExportViewer = 'staff' | 'client';

export type ExportPerson = { id: string; name: string; kind: 'staff' | 'client'; clientId: string | null };

export type ClientExport = {
  client: ClientView;
  courses: (CourseView & { sessions: SessionView[]; goals: GoalView[] })[];
  /** Every response, oldest first, corrections included (a superseded one names its correction). */
  responses: ResponseView[];
  /** Every audit event about the client, oldest first (codes and ids only: the trail holds no clinical text). */
  audit: AuditEvent[];
};

export type PracticeExport = {
  practice: { id: string; name: string; timeZone: string };
  generatedAt: string;
  viewer: ExportViewer;
  /** Everyone the records name (therapists, who entered answers, who read the record). */
  people: ExportPerson[];
  /** The instruments (exact versions) the responses were answered on. */
  instruments: InstrumentDefinition[];
  clients: ClientExport[];
};

const AUDIT_PAGE = 1000;

async function auditOf(deps: Pick<Deps, 'audit'>, clientId: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await deps.audit.list({ clientId, limit: AUDIT_PAGE, ...(before !== undefined ? { beforeSeq: before } : {}) });
    out.push(...page);
    if (page.length < AUDIT_PAGE) break;
    before = page[page.length - 1]!.seq;
  }
  return out.sort((a, b) => a.seq - b.seq);
}

async function clientExport(deps: Deps, clientId: string, viewer: ExportViewer): Promise<ClientExport> {
  const client = await getClient(deps, clientId);
  const courses = await listCourses(deps, clientId);
  const withGoals = [];
  for (const c of courses) withGoals.push({ ...c, goals: (await listGoals(deps, c.id)).goals });
  const responses = (await listResponses(deps, clientId, { forClient: viewer === 'client' })).reverse();
  const audit = await auditOf(deps, clientId);
  // The client's copy shows who read their record, as their access report does: not what SPEC §2
  // keeps from them (alerts, cues), and without addresses or details.
  const shown = viewer === 'client' ? audit.filter((e) => !keptFromClient(e.action)).map((e) => ({ ...e, ip: null, detail: null })) : audit;
  return { client, courses: withGoals, responses, audit: shown };
}

async function assemble(deps: Deps, clientIds: readonly string[], viewer: ExportViewer): Promise<PracticeExport> {
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
  const clients: ClientExport[] = [];
  for (const id of clientIds) clients.push(await clientExport(deps, id, viewer));

  const instruments = new Map<string, InstrumentDefinition>();
  for (const r of clients.flatMap((c) => c.responses)) {
    const key = `${r.instrumentCode}@${r.instrumentVersion}`;
    if (instruments.has(key)) continue;
    const def = await findInstrument(deps, r.instrumentCode, r.instrumentVersion);
    if (def) instruments.set(key, def);
  }

  // Everyone the records name: therapists, who entered answers and who appears in the trail.
  const userIds = new Set<string>();
  for (const c of clients) {
    userIds.add(c.client.therapistId);
    for (const k of c.courses) userIds.add(k.therapistId);
    for (const r of c.responses) userIds.add(r.enteredBy);
    for (const e of c.audit) if (e.actorId) userIds.add(e.actorId);
  }
  const names = await namesOf(deps, userIds);
  const people: ExportPerson[] = [];
  for (const id of userIds) {
    const user = await deps.store.findUserById(id);
    if (!user) continue;
    const isClient = user.roles.includes('client');
    people.push({ id, name: names.get(id) ?? '', kind: isClient ? 'client' : 'staff', clientId: isClient ? user.clientId : null });
  }
  people.sort((a, b) => a.id.localeCompare(b.id));
  return {
    practice: { id: practice.id, name: practice.name, timeZone: practice.timeZone },
    generatedAt: iso(deps.clock.now()),
    viewer,
    people,
    instruments: [...instruments.values()],
    clients,
  };
}

/** One client's record (the HTTP pipeline has decided the caller may export it, and audits the read). */
export async function exportClient(deps: Deps, clientId: string, viewer: ExportViewer): Promise<PracticeExport> {
  return assemble(deps, [clientId], viewer);
}

/**
 * Every client the caller may export (`export:client` in POLICY: their own caseload), or, with no
 * caller, every client of the practice: the operator's `accord export --practice`, run on the
 * machine that holds the master key.
 */
export async function exportPractice(deps: Deps, caller: Caller | null): Promise<PracticeExport> {
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
  const clients = caller ? await clientsInScope(deps, caller, 'export:client') : await deps.store.listClients(practice.id, {});
  // An erased client's record cannot be opened any more: nothing of it is exported.
  const keys = await deps.store.findClientKeys(clients.map((c) => c.id));
  return assemble(
    deps,
    clients.filter((c) => keys.has(c.id)).map((c) => c.id),
    'staff',
  );
}

/**
 * The operator's export from the command line (no signed-in caller) is recorded like any other:
 * one event per client whose record left, with what left (format, counts), never its content.
 */
export async function recordOperatorExport(deps: Pick<Deps, 'audit'>, x: PracticeExport, detail: string): Promise<void> {
  for (const c of x.clients)
    await deps.audit.record({
      actorId: null,
      actorRole: 'operator',
      action: 'export:cli',
      resourceType: 'client',
      resourceId: c.client.id,
      clientId: c.client.id,
      outcome: 'ok',
      ip: null,
      detail,
    });
}

/** The readable copy of one client's record (the portal's "Your record" page), from the same export. */
export type ReadableRecord = {
  generatedAt: string;
  practiceName: string;
  client: { name: string; email: string | null; phone: string | null; dateOfBirth: string | null };
  courses: {
    id: string;
    startedOn: string;
    endedOn: string | null;
    frequency: string;
    phase: string;
    status: string;
    endReason: string | null;
    therapistName: string;
    sessions: { id: string; startsAt: string; durationMinutes: number; status: string }[];
    goals: { id: string; text: string; focusLabel: string; author: string; state: string; proposedAt: string; ratings: { at: string; value: number }[] }[];
  }[];
  responses: { id: string; instrumentTitle: string; completedAt: string; total: number | null; band: string | null; corrected: boolean }[];
  accesses: { at: string; who: string; action: string; outcome: string }[];
};

export function readableRecord(x: PracticeExport): ReadableRecord {
  const c = x.clients[0];
  if (!c) throw new DomainError('not_found', 'No such client.');
  const names = new Map(x.people.map((p) => [p.id, p.name]));
  return {
    generatedAt: x.generatedAt,
    practiceName: x.practice.name,
    client: { name: c.client.name, ...c.client.contact },
    courses: c.courses.map((k) => ({
      id: k.id,
      startedOn: k.startedOn,
      endedOn: k.endedOn,
      frequency: k.frequency,
      phase: k.phase,
      status: k.status,
      endReason: k.endReason,
      therapistName: k.therapistName,
      sessions: k.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, durationMinutes: s.durationMinutes, status: s.status })),
      goals: k.goals.map((g) => ({
        id: g.id,
        text: g.text,
        focusLabel: g.focusLabel,
        author: g.author,
        state: g.state,
        proposedAt: g.proposedAt,
        ratings: g.ratings.map((r) => ({ at: r.at, value: r.value })),
      })),
    })),
    responses: c.responses.map((r) => ({
      id: r.id,
      instrumentTitle: r.instrumentTitle,
      completedAt: r.completedAt,
      total: r.total,
      band: r.band?.label ?? null,
      corrected: r.supersededBy !== null,
    })),
    accesses: c.audit.map((e) => ({
      at: e.at,
      who: e.actorId ? (names.get(e.actorId) ?? 'a former user') : 'Accord',
      action: e.action,
      outcome: e.outcome,
    })),
  };
}
