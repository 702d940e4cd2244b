/**
 * The access policy of SPEC §2 as one declarative table. Every HTTP route names one entry of
 * POLICY (a test enumerates the live routes and fails on any without one), and may name further
 * entries a request asks for once its fields are known (a PATCH naming a new therapist needs
 * client:reassign). A caller's standing toward a client is computed once as a set of Relations; an
 * entry lists the relations allowed. A record guarded beyond its client (a process note) adds the
 * caller's relations to the record itself: its author, or a person it was explicitly granted to.
 *
 * When none of the caller's relations may even read the resource, the object is out of scope and
 * answers exactly like a missing one (not_found), so its existence is not revealed.
 */
import type { Role } from './people.ts';

/** How the caller stands toward the client a request is about. */
export type Relation =
  | 'assigned_therapist'
  | 'other_therapist'
  | 'supervisor' // supervises the client's assigned therapist
  | 'admin'
  | 'client_self';

/** Who may call a route that is not about one client. */
export type Audience = 'anyone' | 'signed_in' | 'staff' | 'admin' | 'therapist' | 'supervisor';

/**
 * `record`: the rule guards one record beyond its client (a process note): besides a client
 * relation in `allow`, the caller must stand in one of these relations to the record itself.
 * `refusal`: what a refused caller is told, where the generic sentence would say less.
 */
export type ClientRule = {
  about: 'client';
  allow: readonly Relation[];
  readWith?: readonly Relation[];
  record?: readonly RecordRelation[];
  refusal?: string;
  note: string;
};
export type PracticeRule = { about: 'practice'; audience: Audience; refusal?: string; note: string };
export type PolicyRule = ClientRule | PracticeRule;

/**
 * The table. `allow` are the relations that may perform the action; `readWith` (client rules)
 * are the relations that can at least see the object: a caller with neither gets not_found, a
 * caller only in `readWith` gets forbidden.
 */
export const POLICY = {
  // Public and session routes
  health: { about: 'practice', audience: 'anyone', note: 'liveness, no data' },
  openapi: { about: 'practice', audience: 'anyone', note: 'the API description, no data' },
  'setup:status': { about: 'practice', audience: 'anyone', note: 'whether first-run set-up is needed' },
  'setup:create': { about: 'practice', audience: 'anyone', note: 'first run only, behind the one-time set-up token' },
  'session:create': { about: 'practice', audience: 'anyone', note: 'sign in' },
  'invite:inspect': { about: 'practice', audience: 'anyone', note: 'token holder sees the invite role and email' },
  'invite:accept': { about: 'practice', audience: 'anyone', note: 'token holder sets a password' },
  'session:read': { about: 'practice', audience: 'signed_in', note: 'who am I' },
  'session:delete': { about: 'practice', audience: 'signed_in', note: 'sign out' },
  'session:reauth': { about: 'practice', audience: 'signed_in', note: 'recent re-authentication' },
  'mfa:manage': { about: 'practice', audience: 'staff', note: 'enrol or remove own TOTP' },
  'password:change': { about: 'practice', audience: 'signed_in', note: 'own password' },
  'notices:own': { about: 'practice', audience: 'staff', note: 'own notices: who gained access to my clients (supervisor assigned, client reassigned)' },
  'reset:inspect': { about: 'practice', audience: 'anyone', note: 'token holder sees what a reset link is for' },
  'reset:complete': { about: 'practice', audience: 'anyone', note: 'token holder replaces one factor (a second-factor link also needs the password)' },
  'mail:own': { about: 'practice', audience: 'staff', note: 'own mail choices (the daily digest)' },

  // Practice administration
  'practice:read': { about: 'practice', audience: 'signed_in', note: 'practice name, time zone, crisis information' },
  'practice:update': { about: 'practice', audience: 'admin', note: 'settings and crisis information' },
  'users:list': { about: 'practice', audience: 'staff', note: 'staff directory (names and roles)' },
  'users:manage': { about: 'practice', audience: 'admin', note: 'invite staff, change roles, disable' },
  'supervision:manage': { about: 'practice', audience: 'admin', note: 'assign supervisors to therapists' },
  'audit:read': { about: 'practice', audience: 'admin', note: 'the whole audit trail' },
  'mail:manage': { about: 'practice', audience: 'admin', note: 'SMTP settings, the outbox (kinds, recipients, states; never links), test messages' },

  // Caseload
  'clients:list': { about: 'practice', audience: 'staff', note: 'filtered to the clients the caller may read' },
  'clients:create': { about: 'practice', audience: 'therapist', note: 'a therapist adds a client to their own caseload' },

  // About one client (SPEC §2 table)
  'client:read': { about: 'client', allow: ['assigned_therapist', 'supervisor', 'admin', 'client_self'], note: 'identity and contact' },
  'client:update': { about: 'client', allow: ['assigned_therapist', 'admin'], readWith: ['supervisor', 'client_self'], note: 'identity and contact' },
  // Required on top of client:update when the change names a new therapist (decided after validation).
  'client:reassign': {
    about: 'client',
    allow: ['admin'],
    readWith: ['assigned_therapist', 'supervisor', 'client_self'],
    refusal: 'Only the admin reassigns clients.',
    note: 'give the client to another therapist',
  },
  'client:invite': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'admin', 'client_self'],
    note: 'invite the client to the portal',
  },
  'client:access-report': { about: 'client', allow: ['assigned_therapist', 'client_self'], readWith: ['supervisor', 'admin'], note: 'who read this record' },
  'course:read': { about: 'client', allow: ['assigned_therapist', 'supervisor', 'admin', 'client_self'], note: 'courses of therapy and their sessions' },
  'course:write': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'admin', 'client_self'],
    note: 'open, change, end a course; record sessions',
  },

  // Measures and alerts (SPEC §2: questionnaire responses and scores; alerts; SPEC §3 C4, C8)
  'instruments:read': { about: 'practice', audience: 'signed_in', note: 'instrument definitions (no client data)' },
  'instruments:import': { about: 'practice', audience: 'admin', note: 'add a practice instrument definition, validated on import' },
  'measures:read': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'client_self'],
    note: 'questionnaire responses, scores, schedules and what is due; admin none',
  },
  'measures:assign': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'client_self'],
    note: 'set which instruments are due at which cadence',
  },
  'measures:submit': {
    about: 'client',
    allow: ['assigned_therapist', 'client_self'],
    readWith: ['supervisor'],
    note: 'the client answers; the therapist enters answers given in session or on paper, or a correction',
  },
  'measures:caseload': {
    about: 'practice',
    audience: 'staff',
    note: 'latest scores and open alerts per client, filtered to the clients the caller may read measures of',
  },
  'alerts:client': { about: 'client', allow: ['assigned_therapist', 'supervisor'], note: 'a client’s alerts with their evidence; admin and client none' },
  'alerts:inbox': {
    about: 'practice',
    audience: 'staff',
    note: 'scoped in the service: own clients, alerts escalated to the caller, supervisees (read); the admin sees none',
  },
  'alerts:act': {
    about: 'practice',
    audience: 'staff',
    note: 'one alert; scoped in the service: assigned therapist or designated colleague after escalation act, supervisor reads, others not found',
  },
  'alerts:count': { about: 'practice', audience: 'staff', note: 'how many alerts are open; the admin learns existence only (a count, no content)' },
  'escalation:read': { about: 'practice', audience: 'staff', note: 'who safety alerts escalate to' },
  'escalation:manage': {
    about: 'practice',
    audience: 'staff',
    note: 'admin sets the practice colleague (escalation:practice); a therapist sets their own (escalation:own)',
  },
  // Required on top of escalation:manage by the route that sets one or the other (decided after validation).
  'escalation:practice': {
    about: 'practice',
    audience: 'admin',
    refusal: 'Only the admin sets the practice’s escalation colleague.',
    note: 'the practice-wide escalation colleague',
  },
  'escalation:own': {
    about: 'practice',
    audience: 'therapist',
    refusal: 'Only a therapist designates their own escalation colleague.',
    note: 'a therapist’s own escalation colleague',
  },
  // Alliance ledger (SPEC §2: goals, agreements, alliance ledger — assigned therapist read/write, supervisor read, admin none,
  // client read, propose, confirm; SPEC §3 C2: each side answers the Expectations check blind, enforced in the service)
  'alliance:read': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'client_self'],
    note: 'goals, agreements and the ledger, the inferred alliance, timeline and attendance; the other side’s Expectations answers only once both have answered',
  },
  'alliance:propose': {
    about: 'client',
    allow: ['assigned_therapist', 'client_self'],
    readWith: ['supervisor'],
    note: 'propose and confirm goals and agreements, rate goal progress',
  },
  'alliance:write': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'client_self'],
    note: 'achieve or revise goals, attainment scaling',
  },
  'expectations:answer': {
    about: 'client',
    allow: ['assigned_therapist', 'client_self'],
    readWith: ['supervisor'],
    note: 'each side answers its own Expectations check',
  },
  // Language cues (SPEC §5.5): prompts for the therapist's reflection, read like the alliance ledger but never shown to the client
  'cues:read': { about: 'client', allow: ['assigned_therapist', 'supervisor'], note: 'language cues of the client’s recent texts; client and admin none' },
  // Process notes (SPEC §2: author only; a supervisor only with an explicit per-client training grant; admin and client none).
  // Lists show when notes were written, never their words: the caller's own, and those granted to them.
  'process-notes:list': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor'],
    note: 'when the caller’s own process notes on this client were written, those granted to them, and the grants they gave',
  },
  'process-notes:write': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor'],
    note: 'the assigned therapist writes a process note on a session of the client',
  },
  'process-notes:open': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor'],
    record: ['author', 'grantee'],
    note: 'open one note: its author, or a supervisor of the author under a holding training grant; a recent re-authentication, audited',
  },
  'process-notes:edit': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor'],
    record: ['author'],
    note: 'the author rewrites their own note, after a recent re-authentication',
  },
  // The author's own export: every process note they wrote on a client who is theirs now (SPEC §2: never in exports but the author's own).
  'process-notes:export': {
    about: 'practice',
    audience: 'therapist',
    note: 'the author’s own process notes on their current clients, opened, after a recent re-authentication; audited per client',
  },
  'process-notes:grant': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor'],
    note: 'the author gives or revokes a supervisor’s time-limited training grant on this client’s process notes',
  },
  // The twice-told session (SPEC §2: progress notes — assigned therapist read/write, sign, amend by addendum; supervisor read;
  // admin date/type only; client read once signed and shared. Client reflections — therapist and supervisor read if shared;
  // client read/write. SPEC §3 C6: sealed from each other until both are written or the reveal period has passed, in the service)
  'notes:read': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'client_self'],
    readWith: ['admin'],
    note: 'a session’s progress note and reflection as the caller may see them: the client a signed, shared note; staff a shared reflection; both once the pair has opened',
  },
  'notes:index': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'admin'],
    readWith: ['client_self'],
    note: 'the dates and types of a client’s progress notes, no content (what the admin sees); the client reads their shared notes per session instead',
  },
  'notes:write': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'admin', 'client_self'],
    refusal: 'Only the client’s therapist writes, signs, amends and shares the progress note.',
    note: 'draft, edit, sign, amend by addendum, share the progress note',
  },
  'reflections:write': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'Only the client writes their reflection.',
    note: 'the client writes their reflection on a session, private or shared with their therapist',
  },
  // Ending (SPEC §3 C6): the client's list, the therapist's closing summary, the printable report, the follow-up check.
  // Clinical content like the alliance ledger: assigned therapist and client write their own part, the supervisor reads, admin none.
  'ending:read': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'client_self'],
    note: 'the ending and its printable report; the client reads the therapist’s summary once the ending is closed',
  },
  'ending:client-list': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'The list of what therapy gave is the client’s own to write.',
    note: 'the client writes their list of what they got out of therapy',
  },
  'ending:summary': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'client_self'],
    note: 'the therapist writes the closing summary and closes the ending',
  },
  'ending:follow-up': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    note: 'the client answers the follow-up check when it is due',
  },
  'ending:settings': { about: 'practice', audience: 'admin', note: 'months after the ending the follow-up check falls due (0 = off)' },
  // Data rights and interoperability (SPEC §3 C10): exports never carry process notes (their author's own export is process-notes:export).
  'export:client': {
    about: 'client',
    allow: ['assigned_therapist', 'client_self'],
    readWith: ['supervisor', 'admin'],
    refusal: 'Only the client’s therapist, or the client for their own copy, exports this record.',
    note: 'FHIR R4 or CSV export of one client’s record; the client’s own copy (GDPR Art. 15 and 20) leaves out the therapist’s own ratings',
  },
  'import:client': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'client_self'],
    refusal: 'Only the client’s therapist imports answers into their record.',
    note: 'import PHQ-9 and GAD-7 answers (FHIR QuestionnaireResponses) into one client, with a dry run',
  },
  'import:practice': {
    about: 'practice',
    audience: 'therapist',
    note: 'import whole records (FHIR R4 Bundle or Accord’s course layout) as new clients of the caller, with a dry run',
  },
  'erasure:read': {
    about: 'client',
    allow: ['admin', 'assigned_therapist'],
    readWith: ['supervisor'],
    note: 'whether the record may be erased (retention, holds) and whether it was; no clinical content',
  },
  'erasure:erase': {
    about: 'client',
    allow: ['admin'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'Only the admin erases a record.',
    note: 'crypto-shred the client’s record after the retention check (refused while a hold applies)',
  },
  'erasure:hold': {
    about: 'client',
    allow: ['admin'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'Only the admin places or releases a hold.',
    note: 'place or release a hold that keeps the record whatever its age',
  },
  // Practice report (issue 15, SPEC §3 C9): aggregates over the summary table, no client named
  'reports:practice': {
    about: 'practice',
    audience: 'staff',
    note: 'the practice report: the admin the whole practice, a supervisor their supervisees and own courses, a therapist their own (scoped in the service)',
  },
  'reports:expected': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor'],
    note: 'a course against the expected-response curve of its intake band, from the practice’s own finished courses; admin and client none',
  },
  'retention:settings': { about: 'practice', audience: 'admin', note: 'the retention period: years after the last contact before a record may be erased' },
  'export:practice': {
    about: 'practice',
    audience: 'therapist',
    note: 'FHIR R4 or CSV export of the caller’s own caseload (every client export:client allows)',
  },
  // Skills and practice, supports and trackers (SPEC §3 C5, C7). SPEC §2: practice logs and trackers are the client's — the
  // therapist and supervisor read them only while the client shares (decided in services/skills, default not shared); the
  // targets are agreed by both sides; the Skills and Support checks are instruments, read like questionnaire answers. Admin none.
  'skills:read': {
    about: 'client',
    allow: ['assigned_therapist', 'supervisor', 'client_self'],
    note: 'a course’s skills: targets, Skills and Support checks, planned breaks; the practice log and trackers to staff only when the client shares',
  },
  'skills:check': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'The Skills check is the client’s to answer.',
    note: 'the client answers the Skills check',
  },
  'skills:targets': {
    about: 'client',
    allow: ['assigned_therapist', 'client_self'],
    readWith: ['supervisor'],
    note: 'either side proposes a target skill, the other agrees; both edit, pause, resume and finish it',
  },
  'skills:practice': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'The practice log is the client’s own to write.',
    note: 'the client logs practice on an active target and marks it celebrated',
  },
  'skills:trackers': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'Trackers are the client’s own to keep.',
    note: 'the client defines daily yes/no trackers and enters today (yesterday correctable)',
  },
  'skills:breaks': {
    about: 'client',
    allow: ['assigned_therapist'],
    readWith: ['supervisor', 'client_self'],
    note: 'the therapist marks planned breaks, against which streaks are read',
  },
  'skills:support': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'The Support check is the client’s to answer.',
    note: 'the client answers the Support check and lists their supports',
  },
  'skills:share': {
    about: 'client',
    allow: ['client_self'],
    readWith: ['assigned_therapist', 'supervisor'],
    refusal: 'Only the client decides whether their practice log and trackers are shared.',
    note: 'the client shares their practice log and trackers with their therapist, or stops',
  },
  'skills:settings': { about: 'practice', audience: 'admin', note: 'the practice’s skills catalogue and the days after which practice counts as stalled' },
  // Supervision (SPEC §3 C9; §2: the supervisor of the therapist reads their clients' caseload, ledger, measures and alerts, never
  // process notes without a grant). Scoped in the service to the caller's own supervisees; anyone else's answers as missing.
  'supervision:overview': {
    about: 'practice',
    audience: 'supervisor',
    note: 'per supervisee: caseload size, agreed and inferred alliances, open alerts, courses not on track (the caller’s supervisees only)',
  },
  'supervision:supervisee': {
    about: 'practice',
    audience: 'supervisor',
    note: 'one supervisee’s clients with their alliance and alerts, and the notes the caller wrote them; not a supervisee of the caller: not found',
  },
  // Supervision notes: between one supervisor and one supervisee, about alliances. The admin, other staff and the client: none.
  'supervision-notes:write': {
    about: 'practice',
    audience: 'supervisor',
    note: 'a supervisor writes a note to one of their supervisees, optionally about one of that supervisee’s courses; sealed at rest',
  },
  'supervision-notes:own': {
    about: 'practice',
    audience: 'therapist',
    note: 'the notes the caller’s supervisors wrote about their work (when, focus, whether answered; never the words)',
  },
  'supervision-notes:read': {
    about: 'practice',
    audience: 'staff',
    note: 'open one note and its replies: its supervisee, or its supervisor while still supervising; anyone else not found; audited',
  },
  'supervision-notes:reply': {
    about: 'practice',
    audience: 'staff',
    note: 'the supervisee or the supervisor answers within a note’s thread; anyone else not found',
  },
  'supervision-notes:acknowledge': {
    about: 'practice',
    audience: 'therapist',
    refusal: 'Only the supervisee acknowledges a supervision note.',
    note: 'the supervisee marks a note read; the supervisor is refused (403), anyone else not found',
  },
  'supervision-notes:amend': {
    about: 'practice',
    audience: 'supervisor',
    refusal: 'Only the supervisor who wrote a note amends or withdraws it.',
    note: 'the supervisor corrects a note’s words (the replaced words kept, a fresh acknowledgement asked); the supervisee is refused (403), anyone else not found',
  },
  'supervision-notes:withdraw': {
    about: 'practice',
    audience: 'supervisor',
    refusal: 'Only the supervisor who wrote a note amends or withdraws it.',
    note: 'the supervisor withdraws a note for a listed reason (it stays, marked withdrawn, closed to replies); the supervisee is refused (403), anyone else not found',
  },
} as const satisfies Record<string, PolicyRule>;

export type PolicyKey = keyof typeof POLICY;

export type Caller = { userId: string; roles: readonly Role[]; clientId: string | null };
export type ClientStanding = { clientId: string; therapistId: string; supervisorIdsOfTherapist: readonly string[] };

/** The relations a caller has toward one client. */
export function relationsTo(caller: Caller, client: ClientStanding): Relation[] {
  const out: Relation[] = [];
  if (caller.roles.includes('client') && caller.clientId === client.clientId) out.push('client_self');
  if (caller.roles.includes('therapist')) out.push(client.therapistId === caller.userId ? 'assigned_therapist' : 'other_therapist');
  if (caller.roles.includes('supervisor') && client.supervisorIdsOfTherapist.includes(caller.userId)) out.push('supervisor');
  if (caller.roles.includes('admin')) out.push('admin');
  return out;
}

export type Decision = { ok: true; via: Relation | Audience } | { ok: false; code: 'not_found' | 'forbidden' | 'unauthenticated' };

/** Decides a practice-level rule for a caller (undefined = anonymous). */
export function decidePractice(rule: PracticeRule, caller: Caller | undefined): Decision {
  if (rule.audience === 'anyone') return { ok: true, via: 'anyone' };
  if (!caller) return { ok: false, code: 'unauthenticated' };
  const staff = caller.roles.some((r) => r !== 'client');
  const allowed =
    rule.audience === 'signed_in' ||
    (rule.audience === 'staff' && staff) ||
    (rule.audience === 'admin' && caller.roles.includes('admin')) ||
    (rule.audience === 'therapist' && caller.roles.includes('therapist')) ||
    (rule.audience === 'supervisor' && caller.roles.includes('supervisor'));
  return allowed ? { ok: true, via: rule.audience } : { ok: false, code: 'forbidden' };
}

/** Decides a client rule given the caller's relations to the client. */
export function decideClient(rule: ClientRule, relations: readonly Relation[]): Decision {
  const via = rule.allow.find((r) => relations.includes(r));
  if (via) return { ok: true, via };
  const canSee = (rule.readWith ?? []).some((r) => relations.includes(r));
  return { ok: false, code: canSee ? 'forbidden' : 'not_found' };
}

/** True when the rule lets at least one of these relations act (used to filter lists). */
export function allows(rule: ClientRule, relations: readonly Relation[]): boolean {
  return rule.allow.some((r) => relations.includes(r));
}

// ─── Presenting the policy ────────────────────────────────────────────────────────────────────
// Each object the server returns says what the caller may do with it, decided here from the same
// table and the same relations the pipeline used, so the web app shows what the server would allow
// instead of re-deriving it from roles.

/** What can be presented: every entry of the policy table. */
export type ActionKey = PolicyKey;
export type Can<K extends ActionKey> = { [k in K]: boolean };

const ruleOf = (key: ActionKey): PolicyRule => POLICY[key];

/**
 * Which of `keys` the caller may perform: a practice rule is decided from the caller, a client rule
 * from the caller's relations to one client (as `relationsTo` gave them for the object presented).
 * Without relations (none given) a client rule is refused: nothing is allowed toward no one.
 */
export function permitted<K extends ActionKey>(keys: readonly K[], caller: Caller | undefined, relations: readonly Relation[] = []): Can<K> {
  const out = {} as Can<K>;
  for (const key of keys) {
    const rule = ruleOf(key);
    out[key] = rule.about === 'practice' ? decidePractice(rule, caller).ok : decideClient(rule, relations).ok;
  }
  return out;
}

/**
 * The relations a caller's roles can give toward some client of the practice (a therapist is the
 * assigned therapist of their own clients and another therapist of the rest; a supervisor
 * supervises someone's clients; a client account is its own client). Used to tell, before any
 * client is named, whether a client action is open to the caller at all — which is what a menu
 * asks ("may this caller ever see a client's alerts?").
 */
export function possibleRelations(caller: Caller): Relation[] {
  const out: Relation[] = [];
  if (caller.roles.includes('client') && caller.clientId !== null) out.push('client_self');
  if (caller.roles.includes('therapist')) out.push('assigned_therapist', 'other_therapist');
  if (caller.roles.includes('supervisor')) out.push('supervisor');
  if (caller.roles.includes('admin')) out.push('admin');
  return out;
}

/** The practice's second-factor settings that bind a caller. */
export type SecondFactorSettings = { requireMfaStaff: boolean; requireMfaAdmin: boolean };

/** Whether the practice requires a second factor of this caller's roles (so they may not remove theirs). */
export function secondFactorRequired(roles: readonly Role[], settings: SecondFactorSettings | undefined): boolean {
  if (!settings) return false;
  const staff = roles.some((r) => r !== 'client');
  return (roles.includes('admin') && settings.requireMfaAdmin) || (staff && settings.requireMfaStaff);
}

/** What a client record presents: every action about one client the web app offers. */
export const CLIENT_ACTIONS = [
  'client:update',
  'client:reassign',
  'client:invite',
  'client:access-report',
  'course:write',
  'measures:read',
  'measures:assign',
  'measures:submit',
  'alerts:client',
  'alliance:read',
  'alliance:propose',
  'alliance:write',
  'expectations:answer',
  'cues:read',
  'process-notes:list',
  'process-notes:write',
  'process-notes:grant',
  'notes:read',
  'notes:index',
  'notes:write',
  'reflections:write',
  'ending:read',
  'ending:client-list',
  'ending:summary',
  'ending:follow-up',
  'export:client',
  'skills:read',
  'import:client',
  'erasure:read',
  'erasure:erase',
  'erasure:hold',
] as const satisfies readonly ActionKey[];
/** What a course of therapy presents: what may be done within it (the same relations as its client's). */
export const COURSE_ACTIONS = [
  'course:write',
  'measures:assign',
  'measures:submit',
  'alliance:propose',
  'alliance:write',
  'expectations:answer',
  'ending:read',
  'ending:client-list',
  'ending:summary',
  'ending:follow-up',
  'skills:read',
] as const satisfies readonly ActionKey[];
/**
 * What the session presents: practice actions, and client actions open to the caller toward some
 * client (`possibleRelations`) — what menus, pages and redirects are decided on.
 */
export const SESSION_ACTIONS = [
  'clients:list',
  'clients:create',
  'users:manage',
  'supervision:manage',
  'practice:update',
  'audit:read',
  'mail:manage',
  'instruments:import',
  'mfa:manage',
  'notices:own',
  'escalation:own',
  'escalation:practice',
  'alerts:client',
  'course:write',
  'process-notes:export',
  'notes:read',
  'notes:write',
  'reflections:write',
  'export:practice',
  'import:practice',
  'retention:settings',
  'supervision:overview',
  'supervision-notes:own',
  'reports:practice',
] as const satisfies readonly ActionKey[];

export type ClientAction = (typeof CLIENT_ACTIONS)[number];
export type CourseAction = (typeof COURSE_ACTIONS)[number];
export type SessionAction = (typeof SESSION_ACTIONS)[number];
export type SessionCan = Can<SessionAction> & {
  /** The caller reads clients of other therapists too (as their supervisor or the admin), not only their own. */
  'clients:others': boolean;
  /** The caller may remove their own second factor (staff, when the practice does not require one of their roles). */
  'mfa:remove': boolean;
  /** The caller is a client with their own record: the portal is theirs. */
  portal: boolean;
};

/** The session's `can`: what the signed-in caller may do before naming any client. */
export function sessionCan(caller: Caller, settings: SecondFactorSettings | undefined): SessionCan {
  const possible = possibleRelations(caller);
  const practice = SESSION_ACTIONS.filter((k) => ruleOf(k).about === 'practice');
  const client = SESSION_ACTIONS.filter((k) => ruleOf(k).about === 'client');
  return {
    ...permitted(practice, caller),
    ...permitted(client, caller, possible),
    'clients:others': permitted(
      ['client:read'],
      caller,
      possible.filter((r) => r === 'other_therapist' || r === 'supervisor' || r === 'admin'),
    )['client:read'],
    'mfa:remove': permitted(['mfa:manage'], caller)['mfa:manage'] && !secondFactorRequired(caller.roles, settings),
    portal: possible.includes('client_self'),
  };
}

/**
 * Whose caseloads a rule lets a caller reach when listing clients: every client (the admin, when
 * the rule lets the admin in), else the clients of these therapists — the caller's own (when the
 * rule lets the assigned therapist in) and their supervisees' (when it lets the supervisor in).
 * A client on a reached caseload is still checked against the rule (`allows`) before it is shown.
 */
export type Reach = { all: true } | { all: false; own: boolean; supervisees: boolean };
export function reachOf(rule: ClientRule, caller: Caller): Reach {
  if (caller.roles.includes('admin') && rule.allow.includes('admin')) return { all: true };
  return {
    all: false,
    own: caller.roles.includes('therapist') && rule.allow.includes('assigned_therapist'),
    supervisees: caller.roles.includes('supervisor') && rule.allow.includes('supervisor'),
  };
}

// ---- Which side the caller speaks for (SPEC §3 C2: the ledger has two voices and observers) ----

/** The relations that speak for a side of the room: the assigned therapist, or the client themselves. */
export type SpeakingRelation = 'assigned_therapist' | 'client_self';
export type SpeakingSide = 'therapist' | 'client';

/**
 * The side a write speaks for, from the relation the policy let it in by (`Decision.via`). Rules
 * for ledger writes allow only speaking relations, so every write has a side by construction.
 */
export function sideOf(via: SpeakingRelation): SpeakingSide {
  return via === 'assigned_therapist' ? 'therapist' : 'client';
}

/** How a reader sees the ledger: as one of the two sides, or as an observer (a supervisor reading). */
export function viewerOf(relations: readonly Relation[]): SpeakingSide | 'observer' {
  if (relations.includes('assigned_therapist')) return 'therapist';
  if (relations.includes('client_self')) return 'client';
  return 'observer';
}

/** Reads the client's own projection: the client themselves, with no staff relation that sees more. */
export function readsAsClient(relations: readonly Relation[]): boolean {
  return relations.includes('client_self') && !relations.includes('assigned_therapist') && !relations.includes('supervisor');
}

// ---- Records guarded beyond their client (process notes, issue 11) ----

/** How the caller stands toward one guarded record: its author, or someone the author granted it to. */
export type RecordRelation = 'author' | 'grantee';

/** An explicit grant of a record to a named person: time-limited (`expiresAt`) and revocable. */
export type RecordGrant = { granteeId: string; grantedAt: string; expiresAt: string | null; revokedAt: string | null };

/** What the policy needs to know about a guarded record: who wrote it, and to whom it is granted. */
export type RecordGuard = { authorId: string; grants: readonly RecordGrant[] };

/** A grant holds from when it was given until it expires or is revoked, whichever comes first. */
export function grantHolds(grant: RecordGrant, now: string): boolean {
  const t = Date.parse(now);
  if (Date.parse(grant.grantedAt) > t) return false;
  if (grant.expiresAt !== null && Date.parse(grant.expiresAt) <= t) return false;
  return grant.revokedAt === null || Date.parse(grant.revokedAt) > t;
}

/** The relations a caller has toward one guarded record at `now` (ISO time). */
export function recordRelationsTo(caller: Caller, guard: RecordGuard, now: string): RecordRelation[] {
  const out: RecordRelation[] = [];
  if (guard.authorId === caller.userId) out.push('author');
  if (guard.grants.some((g) => g.granteeId === caller.userId && grantHolds(g, now))) out.push('grantee');
  return out;
}

/**
 * Decides a rule about a guarded record: the client rule first (so a caller who may not see the
 * client learns nothing more), then the record's own relations. A caller who may see the client
 * but is neither the author nor a current grantee is answered like a missing record (not_found):
 * that the record exists is itself withheld. A rule without `record` is decided on the client alone;
 * a guarded rule without the record (`undefined`: missing) is not found.
 */
export function decideRecord(rule: ClientRule, relations: readonly Relation[], record: readonly RecordRelation[] | undefined): Decision {
  const d = decideClient(rule, relations);
  if (!d.ok || !rule.record) return d;
  return record && rule.record.some((r) => record.includes(r)) ? d : { ok: false, code: 'not_found' };
}

/**
 * Whether an audit event is about something SPEC §2 keeps from the client: a route whose policy
 * lets no client see its data (alerts, cues, supervision notes between a therapist and their
 * supervisor), or an alert's own events recorded by the services.
 * The client's access report and their own copy of the record leave such events out.
 */
export function keptFromClient(action: string): boolean {
  if (/^alerts?[:.]/.test(action) || action.startsWith('cues:') || action.startsWith('supervision-notes:')) return true;
  const rule = Object.hasOwn(POLICY, action) ? POLICY[action as PolicyKey] : undefined;
  if (rule?.about !== 'client') return false;
  const readWith: readonly string[] = 'readWith' in rule ? rule.readWith : [];
  return !(rule.allow as readonly string[]).includes('client_self') && !readWith.includes('client_self');
}
