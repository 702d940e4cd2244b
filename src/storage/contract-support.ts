/**
 * What the storage contract suites (src/storage/<capability>.contract.test.ts) share: the dialects
 * they run on, a test world per dialect (PostgreSQL never skipped), a recorder that notes which
 * store methods a suite really called on each dialect, and the records they seed. Each suite seeds
 * everything through the Store itself, after Kysely's own multi-dialect test set-up: one suite,
 * run against every dialect in the same run. Without a server at ACCORD_TEST_PG_URL (default
 * 127.0.0.1:5432/test) the PostgreSQL half fails with a message saying how to start one.
 */
import { randomUUID } from 'node:crypto';
import type { Dialect, TestWorld } from '../../test/support/harness.ts';
import { makeWorld, PG_URL } from '../../test/support/harness.ts';
import type { AuditEventInput } from '../domain/audit-chain.ts';
import type {
  AlertRow,
  AllianceSnapshotRow,
  ClientRow,
  CourseRow,
  GoalRow,
  LedgerEntryRow,
  PracticeRow,
  ResponseRow,
  Store,
  TherapySessionRow,
  UserRow,
} from '../services/ports.ts';
import { KyselyStore } from './store.ts';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/**
 * A fresh test world on `dialect`. `keyFile`: open with another world's master key (a copy that must
 * open the same integrity key). `called`: the world's store records the methods called on it there.
 */
export async function world(dialect: Dialect, keyFile?: string, called?: Set<string>): Promise<TestWorld> {
  try {
    const w = await makeWorld({ dialect, keyFile });
    if (called) w.deps.store = recording(w.deps.store, called);
    return w;
  } catch (err) {
    if (dialect !== 'postgres') throw err;
    throw new Error(
      `The storage contract suite needs PostgreSQL at ${PG_URL} (set ACCORD_TEST_PG_URL to use another) and could not reach it: ${(err as Error).message}. ` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect <version> main start`); the PostgreSQL run is never skipped.',
    );
  }
}

/** The store, with every method call recorded by name into `called` (the stores its transactions hand out too). */
export function recording(store: Store, called: Set<string>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        called.add(prop);
        if (prop === 'transaction') {
          const fn = args[0] as (tx: Store) => Promise<unknown>;
          return (v as (f: typeof fn) => unknown).call(target, (tx: Store) => fn(recording(tx, called)));
        }
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * The port methods a capability store implements: the methods its class shares with KyselyStore,
 * which delegates exactly the ports' methods (so a private helper of the class is left out).
 */
export function portMethodsOf(impl: { prototype: object }): string[] {
  const own = (o: object) => Object.getOwnPropertyNames(o).filter((n) => n !== 'constructor');
  const composed = new Set(own(KyselyStore.prototype));
  const methods = own(impl.prototype).filter((n) => composed.has(n));
  if (!methods.length) throw new Error('no port method found: is this a capability store that KyselyStore delegates to?');
  return methods;
}

export const T0 = '2026-03-02T09:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
export const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id);

export function practice(over: Partial<PracticeRow> = {}): PracticeRow {
  return {
    id: randomUUID(),
    name: 'Contract Practice',
    timeZone: 'Europe/London',
    locale: 'en-GB',
    crisisInfo: 'Call 999 in an emergency, or the crisis line.',
    requireMfaStaff: false,
    requireMfaAdmin: true,
    escalationMinutes: 60,
    processNoteReauthMinutes: 5,
    notesRevealDays: 7,
    createdAt: T0,
    ...over,
  };
}
export function user(practiceId: string, over: Partial<UserRow> = {}): UserRow {
  const id = randomUUID();
  return {
    id,
    practiceId,
    email: `${id.slice(0, 8)}@test.accord`,
    displayName: `User ${id.slice(0, 4)}`,
    passwordHash: '$argon2id$fake',
    roles: ['therapist'],
    status: 'active',
    clientId: null,
    totpSecret: null,
    totpLastStep: null,
    mfaEnabled: false,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}
export function clientRow(practiceId: string, therapistId: string, over: Partial<ClientRow> = {}): ClientRow {
  return {
    id: randomUUID(),
    practiceId,
    therapistId,
    nameEnc: 'v1.aaa.bbb',
    contactEnc: 'v1.ccc.ddd',
    status: 'active',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}
export function course(c: ClientRow, over: Partial<CourseRow> = {}): CourseRow {
  return {
    id: randomUUID(),
    clientId: c.id,
    practiceId: c.practiceId,
    therapistId: c.therapistId,
    startedOn: '2026-01-05',
    endedOn: null,
    frequency: 'weekly',
    phase: 'beginning',
    status: 'active',
    endReason: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}
export function session(k: CourseRow, startsAt: string, over: Partial<TherapySessionRow> = {}): TherapySessionRow {
  return { id: randomUUID(), courseId: k.id, clientId: k.clientId, startsAt, durationMinutes: 50, status: 'attended', createdAt: T0, updatedAt: T0, ...over };
}
export function event(n: number, over: Partial<AuditEventInput> = {}): AuditEventInput & { id: string; at: string } {
  return {
    id: randomUUID(),
    at: T0,
    actorId: null,
    actorRole: null,
    action: 'test.append',
    resourceType: 'test',
    resourceId: String(n),
    clientId: null,
    outcome: 'ok',
    ip: '127.0.0.1',
    detail: `n=${n}`,
    ...over,
  };
}

/** A practice with a therapist and one client, inserted straight through the store. */
export async function base(store: Store) {
  const p = practice();
  await store.insertPractice(p);
  const t = user(p.id);
  await store.insertUser(t);
  const c = clientRow(p.id, t.id);
  await store.insertClientKey(c.id, { wrapped: 'wrapped-key', masterKeyId: 'k0' }, T0);
  await store.insertClient(c);
  return { p, t, c };
}

export type Fixture = { p: PracticeRow; t: UserRow; t2: UserRow; c: ClientRow; c2: ClientRow; k: CourseRow; k2: CourseRow; k3: CourseRow };

/** A practice with two therapists, a client of each, two courses of the first client and one of the second. */
export async function clinicalBase(store: Store): Promise<Fixture> {
  const p = practice({ name: 'Clinical Contract Practice', crisisInfo: 'Call 999 in an emergency.' });
  await store.insertPractice(p);
  const t = user(p.id);
  const t2 = user(p.id);
  await store.insertUser(t);
  await store.insertUser(t2);
  const clients: ClientRow[] = [];
  for (const therapist of [t, t2]) {
    const c: ClientRow = {
      id: randomUUID(),
      practiceId: p.id,
      therapistId: therapist.id,
      nameEnc: 'v1.a.b',
      contactEnc: 'v1.c.d',
      status: 'active',
      createdAt: T0,
      updatedAt: T0,
    };
    await store.insertClientKey(c.id, { wrapped: 'wrapped-key', masterKeyId: 'k0' }, T0);
    await store.insertClient(c);
    clients.push(c);
  }
  const [c, c2] = clients as [ClientRow, ClientRow];
  const k = course(c);
  const k2 = course(c);
  const k3 = course(c2);
  for (const x of [k, k2, k3]) await store.insertCourse(x);
  return { p, t, t2, c, c2, k, k2, k3 };
}

export function response(k: CourseRow, over: Partial<ResponseRow> = {}): ResponseRow {
  return {
    id: randomUUID(),
    clientId: k.clientId,
    courseId: k.id,
    sessionId: null,
    scheduleId: null,
    instrumentCode: 'phq9',
    instrumentVersion: '1',
    respondent: 'client',
    source: 'portal',
    enteredBy: k.therapistId,
    completedAt: T0,
    createdAt: T0,
    answersEnc: 'v1.answers.x',
    valid: true,
    total: 12,
    bandLabel: 'Moderate',
    bandSeverity: 'moderate',
    caseness: true,
    invalidReason: null,
    safetyFlagged: false,
    supersedesId: null,
    ...over,
  };
}
export function alert(k: CourseRow, over: Partial<AlertRow> = {}): AlertRow {
  return {
    id: randomUUID(),
    clientId: k.clientId,
    courseId: k.id,
    therapistId: k.therapistId,
    kind: 'safety',
    severity: 'critical',
    dedupeKey: randomUUID(),
    contentEnc: 'v1.content.x',
    status: 'open',
    raisedAt: T0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionEnc: null,
    followUpAction: null,
    escalatedAt: null,
    escalatedTo: null,
    ...over,
  };
}
export function goal(k: CourseRow, over: Partial<GoalRow> = {}): GoalRow {
  return {
    id: randomUUID(),
    courseId: k.id,
    clientId: k.clientId,
    author: 'client',
    focus: 'symptom',
    state: 'proposed',
    proposedAt: T0,
    proposedBy: k.therapistId,
    textEnc: 'v1.text.x',
    cuesEnc: null,
    cuesVersion: null,
    agreedAt: null,
    agreedBy: null,
    agreementRecordedBy: null,
    agreementWordsEnc: null,
    closedState: null,
    closedAt: null,
    closedBy: null,
    closureNoteEnc: null,
    revisedTo: null,
    revisionOf: null,
    gasWeight: null,
    gasDescriptionsEnc: null,
    updatedAt: T0,
    proposalRecordedAt: T0,
    agreementRecordedAt: null,
    closureRecordedAt: null,
    ...over,
  };
}
export function ledger(k: CourseRow, seq: number, over: Partial<LedgerEntryRow> = {}): LedgerEntryRow {
  return {
    id: randomUUID(),
    courseId: k.id,
    clientId: k.clientId,
    seq,
    kind: 'proposal',
    agreementId: randomUUID(),
    at: at(seq),
    side: 'therapist',
    recordedBy: null,
    enteredBy: k.therapistId,
    allianceType: 'collaborative',
    frequency: 'weekly',
    reviewPoint: null,
    supersedes: null,
    statementEnc: 'v1.statement.x',
    reasonEnc: null,
    wordsEnc: null,
    recordedAt: at(seq + 100),
    ...over,
  };
}
export function snapshot(k: CourseRow, sessionId: string, over: Partial<AllianceSnapshotRow> = {}): AllianceSnapshotRow {
  return {
    id: randomUUID(),
    courseId: k.id,
    clientId: k.clientId,
    sessionId,
    at: T0,
    inputsKey: 'inputs-1',
    dominant: 'collaborative',
    distribution: '{"collaborative":0.5,"directive":0.25,"supportive":0.125,"exploratory":0.125}',
    mass: 0.75,
    evidenceEnc: 'v1.evidence.x',
    computedAt: T0,
    ...over,
  };
}
