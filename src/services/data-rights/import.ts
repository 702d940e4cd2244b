/**
 * Importing records from another system or another Accord (SPEC §3 C10): a plan read from the
 * file (src/fhir/import-file.ts) is checked whole — its own problems, the plan's rules
 * (domain/data-rights/import-plan.ts), and what the practice already holds — and only a plan
 * without a single problem is written, in one transaction: nothing is written when anything is
 * wrong. A dry run stops before writing and lists the same problems.
 *
 * Answers go through `submitResponse` (source `import`), so they are scored, sealed and raise the
 * same alerts as answers entered by hand, dated when they were given. Clients, courses and sessions
 * go through the people use cases; goals are written as the record says they happened (their
 * agreement, closure and ratings keep their own times). Answers already held (same instrument, time
 * and answers) are recognised as duplicates and skipped, as are repeats within the file.
 */
import type { ImportPlan, PlanClient, PlanGoal, Problem } from '../../domain/data-rights/import-plan.ts';
import { planProblems, responseKey } from '../../domain/data-rights/import-plan.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { Frequency, Phase, CourseStatus, EndReason, SessionStatus } from '../../domain/people.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { findInstrument } from '../measures/instruments.ts';
import { listResponses, submitResponse } from '../measures/measures.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../people/clients.ts';
import { clientTexts } from '../clinical-text.ts';
import { bind, cuesOf, cuesVersionOf } from '../alliance/alliance-records.ts';
import { namesOf } from '../accounts/users.ts';
import { unitOfWork } from '../unit-of-work.ts';
import type { GoalRow } from '../ports.ts';

export type ImportCounts = { clients: number; courses: number; sessions: number; responses: number; goals: number; duplicates: number };
export type ImportOutcome = {
  dryRun: boolean;
  written: boolean;
  problems: Problem[];
  notes: string[];
  counts: ImportCounts;
  /** The clients written to (none on a dry run or a refusal). */
  clientIds: string[];
};

export type ImportTarget =
  /** Answers for one existing client. */
  | { kind: 'client'; clientId: string }
  /** Whole records, given to `therapistId`; `byName`: to the therapist of the same name when the practice has one (the operator's import). */
  | { kind: 'practice'; therapistId: string; byName: boolean };

async function instrumentsOf(deps: Deps, plan: ImportPlan): Promise<Map<string, InstrumentDefinition>> {
  const codes = new Set([...plan.responses, ...plan.clients.flatMap((c) => c.courses.flatMap((k) => k.responses))].map((r) => r.instrumentCode));
  const out = new Map<string, InstrumentDefinition>();
  for (const code of codes) {
    const def = await findInstrument(deps, code);
    if (def) out.set(code, def);
  }
  return out;
}

/**
 * Checks the file's plan against the practice and, unless it is a dry run, writes it. A dry run
 * answers every problem; a run with any problem is refused (`invalid_input`, the problems in its
 * details) and writes nothing.
 */
export async function importRecords(
  deps: Deps,
  file: { plan: ImportPlan; problems: Problem[]; notes: string[] },
  target: ImportTarget,
  opts: { dryRun: boolean; importedBy: string },
): Promise<ImportOutcome> {
  const now = iso(deps.clock.now());
  const { plan } = file;
  const problems = [...file.problems, ...planProblems(plan, await instrumentsOf(deps, plan), now)];
  const notes = [...file.notes];
  let duplicates = 0;
  const counts = (): ImportCounts => {
    const courses = plan.clients.flatMap((c) => c.courses);
    return {
      clients: plan.clients.length,
      courses: courses.length,
      sessions: courses.reduce((n, k) => n + k.sessions.length, 0),
      responses: plan.responses.length + courses.reduce((n, k) => n + k.responses.length, 0),
      goals: courses.reduce((n, k) => n + k.goals.length, 0),
      duplicates,
    };
  };
  const seen = new Set<string>();
  const skipDuplicates = <T extends { where: string; instrumentCode: string; completedAt: string; answers: Record<string, number | null> }>(list: T[]): T[] =>
    list.filter((r) => {
      const key = responseKey(r);
      if (!seen.has(key)) {
        seen.add(key);
        return true;
      }
      duplicates++;
      notes.push(`${r.where}: the same answers (${r.instrumentCode}, ${r.completedAt}) are already there; skipped`);
      return false;
    });

  if (target.kind === 'client') {
    const client = await deps.store.findClient(target.clientId);
    if (!client) throw new DomainError('not_found', 'No such client.');
    if (plan.clients.length) problems.push({ where: 'the file', message: 'it holds whole records; import them into the practice, not into one client' });
    const courses = await deps.store.listCoursesOfClient(client.id);
    for (const r of plan.responses) {
      const day = r.completedAt.slice(0, 10);
      if (!courses.some((k) => k.startedOn <= day && (k.endedOn === null || day <= k.endedOn)))
        problems.push({ where: r.where, message: `none of this client’s courses spans ${day}` });
    }
    if (!problems.length) {
      for (const r of await listResponses(deps, client.id, { forClient: false })) if (!r.supersededBy) seen.add(responseKey(r));
      plan.responses = skipDuplicates(plan.responses);
    }
  } else {
    const practice = await deps.store.findPractice();
    if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
    if (plan.responses.length) problems.push({ where: 'the file', message: 'it holds answers without their client; import them into one client' });
    const existing = new Set<string>();
    for (const c of await deps.store.listClients(practice.id, {})) {
      try {
        const [name, contact] = await Promise.all([
          clientTexts(deps, c.id).then((t) => t.open({ table: 'clients', id: c.id, field: 'name' }, c.nameEnc)),
          clientTexts(deps, c.id).then(
            (t) => JSON.parse(t.open({ table: 'clients', id: c.id, field: 'contact' }, c.contactEnc)) as { dateOfBirth: string | null },
          ),
        ]);
        existing.add(JSON.stringify([name.trim().toLowerCase(), contact.dateOfBirth]));
      } catch {
        // An erased client (no key) is no one to collide with.
      }
    }
    for (const c of plan.clients) {
      if (existing.has(JSON.stringify([c.name.trim().toLowerCase(), c.contact.dateOfBirth])))
        problems.push({
          where: c.where,
          message: `a client named ${c.name}${c.contact.dateOfBirth ? ` born ${c.contact.dateOfBirth}` : ''} is already in the practice (a duplicate; import their answers into that client instead)`,
        });
      const open = c.courses.filter((k) => k.status !== 'ended');
      const last = [...c.courses].sort((a, b) => a.startedOn.localeCompare(b.startedOn)).at(-1);
      if (open.length > 1 || (open[0] && open[0] !== last))
        problems.push({ where: c.where, message: 'a client may have one open course, and it must be the latest' });
      for (const k of c.courses) {
        seen.clear();
        k.responses = skipDuplicates(k.responses);
      }
    }
  }

  const outcome = (written: boolean, clientIds: string[] = []): ImportOutcome => ({
    dryRun: opts.dryRun,
    written,
    problems,
    notes,
    counts: counts(),
    clientIds,
  });
  if (opts.dryRun) return outcome(false);
  if (problems.length)
    throw new DomainError(
      'invalid_input',
      `Nothing was imported: the file has ${problems.length} problem${problems.length === 1 ? '' : 's'}. ${problems
        .slice(0, 3)
        .map((p) => `${p.where}: ${p.message}`)
        .join('; ')}${problems.length > 3 ? '; …' : ''}`,
      { problems, notes },
    );

  const who = { userId: opts.importedBy, as: 'therapist' as const };
  if (target.kind === 'client') {
    await unitOfWork(deps, async (d) => {
      for (const r of [...plan.responses].sort((a, b) => a.completedAt.localeCompare(b.completedAt)))
        await submitResponse(d, target.clientId, who, { instrumentCode: r.instrumentCode, answers: r.answers, completedAt: r.completedAt, source: 'import' });
    });
    return outcome(true, [target.clientId]);
  }
  const therapists = target.byName ? await therapistsByName(deps) : new Map<string, string>();
  const clientIds: string[] = [];
  await unitOfWork(deps, async (d) => {
    for (const c of plan.clients)
      clientIds.push(await writeClient(d, c, therapists.get((c.therapistName ?? '').trim().toLowerCase()) ?? target.therapistId, who));
  });
  return outcome(true, clientIds);
}

async function therapistsByName(deps: Deps): Promise<Map<string, string>> {
  const practice = await deps.store.findPractice();
  const staff = practice ? (await deps.store.listStaffUsers(practice.id)).filter((u) => u.roles.includes('therapist') && u.status === 'active') : [];
  const names = await namesOf(
    deps,
    staff.map((u) => u.id),
  );
  return new Map(staff.map((u) => [(names.get(u.id) ?? '').trim().toLowerCase(), u.id]));
}

async function writeClient(d: Deps, c: PlanClient, therapistId: string, who: { userId: string; as: 'therapist' }): Promise<string> {
  const client = await createClient(d, therapistId, { name: c.name, contact: c.contact });
  for (const k of [...c.courses].sort((a, b) => a.startedOn.localeCompare(b.startedOn))) {
    const course = await openCourse(d, client.id, { startedOn: k.startedOn, frequency: k.frequency as Frequency, phase: k.phase as Phase });
    const sessionIds = new Map<string, string>();
    for (const s of [...k.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
      const made = await recordSession(d, course.id, { startsAt: s.startsAt, durationMinutes: s.durationMinutes, status: s.status as SessionStatus });
      sessionIds.set(s.key, made.id);
    }
    for (const r of [...k.responses].sort((a, b) => a.completedAt.localeCompare(b.completedAt)))
      await submitResponse(d, client.id, who, {
        instrumentCode: r.instrumentCode,
        answers: r.answers,
        completedAt: r.completedAt,
        courseId: course.id,
        sessionId: r.sessionKey ? (sessionIds.get(r.sessionKey) ?? null) : null,
        source: 'import',
      });
    await writeGoals(d, client.id, course.id, k.goals, who.userId);
    if (k.status !== 'active')
      await updateCourse(d, course.id, {
        status: k.status as CourseStatus,
        ...(k.status === 'ended' ? { endedOn: k.endedOn, endReason: k.endReason as EndReason } : {}),
      });
  }
  return client.id;
}

/** Goals as the record says they happened: proposal, agreement, closure and ratings at their own times. */
async function writeGoals(d: Deps, clientId: string, courseId: string, goals: readonly PlanGoal[], importedBy: string): Promise<void> {
  if (!goals.length) return;
  const texts = await clientTexts(d, clientId);
  const ids = new Map(goals.map((g) => [g.key, d.ids.newId()]));
  const revisedTo = new Map<string, string>();
  for (const g of goals) if (g.revisionOfKey) revisedTo.set(ids.get(g.revisionOfKey)!, ids.get(g.key)!);
  const now = iso(d.clock.now());
  for (const g of [...goals].sort((a, b) => a.proposedAt.localeCompare(b.proposedAt))) {
    const id = ids.get(g.key)!;
    const seal = (field: string, text: string) => texts.seal(bind('goals', id, field), text);
    const cues = g.author === 'client' ? cuesOf(g.text, { writer: 'client' }) : [];
    const row: GoalRow = {
      id,
      courseId,
      clientId,
      author: g.author,
      focus: g.focus,
      state: g.state,
      proposedAt: new Date(g.proposedAt).toISOString(),
      proposedBy: importedBy,
      textEnc: seal('text', g.text),
      cuesEnc: cues.length ? seal('cues', JSON.stringify(cues)) : null,
      cuesVersion: cuesVersionOf(g.author === 'client'),
      agreedAt: g.agreement ? new Date(g.agreement.at).toISOString() : null,
      agreedBy: g.agreement?.by ?? null,
      agreementRecordedBy: g.agreement?.recordedBy ?? null,
      agreementWordsEnc: g.agreement ? seal('agreement_words', g.agreement.words) : null,
      closedState: g.closure?.state ?? null,
      closedAt: g.closure ? new Date(g.closure.at).toISOString() : null,
      closedBy: g.closure?.by ?? null,
      closureNoteEnc: g.closure?.note != null ? seal('closure_note', g.closure.note) : null,
      revisedTo: revisedTo.get(id) ?? null,
      revisionOf: g.revisionOfKey ? (ids.get(g.revisionOfKey) ?? null) : null,
      gasWeight: g.gas?.weight ?? null,
      gasDescriptionsEnc: g.gas && Object.keys(g.gas.descriptions).length ? seal('gas_descriptions', JSON.stringify(g.gas.descriptions)) : null,
      updatedAt: now,
      // Dated when they happened (the file's times); recorded now, by this import.
      proposalRecordedAt: now,
      agreementRecordedAt: g.agreement ? now : null,
      closureRecordedAt: g.closure ? now : null,
    };
    await d.store.insertGoal(row);
    for (const r of g.ratings)
      await d.store.insertGoalRating({
        id: d.ids.newId(),
        goalId: id,
        courseId,
        kind: 'progress',
        at: new Date(r.at).toISOString(),
        value: r.value,
        recordedBy: r.recordedBy,
        recordedAt: now,
      });
    for (const a of g.attainments)
      await d.store.insertGoalRating({
        id: d.ids.newId(),
        goalId: id,
        courseId,
        kind: 'gas',
        at: new Date(a.at).toISOString(),
        value: a.level,
        recordedBy: 'therapist',
        recordedAt: now,
      });
  }
  d.after?.queue({ kind: 'alliance', courseId });
}

/** The operator's import from the command line is recorded like the route's: one event per client written, counts only. */
export async function recordOperatorImport(deps: Pick<Deps, 'audit'>, r: ImportOutcome, importedBy: string): Promise<void> {
  for (const clientId of r.clientIds)
    await deps.audit.record({
      actorId: importedBy,
      actorRole: 'operator',
      action: 'import:cli',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
      outcome: 'ok',
      ip: null,
      detail: `${r.counts.responses} answers, ${r.counts.goals} goals, ${r.counts.duplicates} duplicates`,
    });
}
