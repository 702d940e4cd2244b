/** The database tables as Kysely sees them (snake_case). Booleans are 0/1 integers on both dialects. */
import type { Generated } from 'kysely';

export type DB = {
  meta: { key: string; value: string };
  practices: {
    id: string;
    name: string;
    time_zone: string;
    locale: string;
    crisis_info: string;
    require_mfa_staff: number;
    require_mfa_admin: number;
    escalation_minutes: number;
    process_note_reauth_minutes: number;
    notes_reveal_days: number;
    created_at: string;
  };
  users: {
    /** email_hash: keyed hash of the normalised address; email_enc, display_name_enc: sealed (0006-sealed-identity). */
    id: string;
    practice_id: string;
    email_hash: string;
    email_enc: string | null;
    display_name_enc: string;
    password_hash: string | null;
    roles: string;
    status: string;
    client_id: string | null;
    totp_secret: string | null;
    totp_last_step: number | null;
    mfa_enabled: number;
    created_at: string;
    updated_at: string;
  };
  invites: {
    id: string;
    practice_id: string;
    token_hash: string;
    email_hash: string;
    email_enc: string | null;
    roles: string;
    client_id: string | null;
    created_by: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  auth_sessions: {
    id_hash: string;
    user_id: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    mfa_verified: number;
    reauth_at: string | null;
    csrf_token: string;
  };
  login_throttle: { key: string; failures: number; first_failure_at: string; locked_until: string | null };
  supervisions: { supervisor_id: string; therapist_id: string; practice_id: string; created_at: string };
  client_keys: { client_id: string; wrapped_key: string; master_key_id: string; created_at: string };
  clients: {
    id: string;
    practice_id: string;
    therapist_id: string;
    name_enc: string;
    contact_enc: string;
    status: string;
    created_at: string;
    updated_at: string;
  };
  courses: {
    id: string;
    client_id: string;
    practice_id: string;
    therapist_id: string;
    started_on: string;
    ended_on: string | null;
    frequency: string;
    phase: string;
    status: string;
    end_reason: string | null;
    created_at: string;
    updated_at: string;
  };
  therapy_sessions: {
    id: string;
    course_id: string;
    client_id: string;
    starts_at: string;
    duration_minutes: number;
    status: string;
    created_at: string;
    updated_at: string;
  };
  audit_head: { id: number; seq: number; hash: string; mac: string | null };
  // ---- Audit lanes and anchors (0019-audit-lanes) ----
  audit_anchors: { seq: number; at: string; heads: string; prev_hash: string; hash: string };
  audit_events: {
    seq: number;
    id: string;
    at: string;
    actor_id: string | null;
    actor_role: string | null;
    action: string;
    resource_type: string;
    resource_id: string | null;
    client_id: string | null;
    outcome: string;
    ip: string | null;
    detail: string | null;
    prev_hash: string;
    hash: string;
    /** The lane the event links into, and its place there (0019-audit-lanes). */
    chain: number;
    chain_seq: number | null;
    /** The set of clients the event names beside it (0030-audit-client-sets), covered by its link. */
    client_set_id: string | null;
  };
  /** A distinct set of clients events name, its id the digest of their sorted ids (0030, storage/client-sets.ts). */
  audit_client_sets: { id: string };
  audit_client_set_members: { set_id: string; client_id: string };
  // ---- Paging, name search and practice notices (0025-paging) ----
  /** Keyed hashes of the words and prefixes of a name (`kind` 'client' or 'user'), domain/name-search.ts. */
  name_tokens: { kind: string; token: string; owner_id: string };
  practice_notices: { id: string; practice_id: string; kind: string; actor_id: string; grantee_id: string; created_at: string };
  notice_marks: { user_id: string; read_at: string };
  // ---- Measures and alerts (0002-measures) ----
  instrument_definitions: { id: string; code: string; version: string; definition: string; created_by: string; created_at: string };
  measure_schedules: {
    id: string;
    course_id: string;
    client_id: string;
    instrument_code: string;
    cadence: string;
    every_n: number | null;
    active: number;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  measure_responses: {
    id: string;
    client_id: string;
    course_id: string | null;
    session_id: string | null;
    schedule_id: string | null;
    instrument_code: string;
    instrument_version: string;
    respondent: string;
    source: string;
    entered_by: string;
    completed_at: string;
    created_at: string;
    answers_enc: string;
    valid: number;
    total: number | null;
    band_label: string | null;
    band_severity: string | null;
    caseness: number | null;
    invalid_reason: string | null;
    safety_flagged: number;
    supersedes_id: string | null;
    seal: string | null;
    sealed_seq: number | null;
  };
  alerts: {
    id: string;
    client_id: string;
    course_id: string;
    therapist_id: string;
    kind: string;
    severity: string;
    dedupe_key: string;
    content_enc: string;
    status: string;
    raised_at: string;
    acknowledged_at: string | null;
    acknowledged_by: string | null;
    resolved_at: string | null;
    resolved_by: string | null;
    resolution_enc: string | null;
    follow_up_action: string | null;
    escalated_at: string | null;
    escalated_to: string | null;
  };
  alert_events: { id: string; alert_id: string; at: string; actor_id: string | null; action: string; target_id: string | null };
  escalation_colleagues: { id: string; colleague_id: string; updated_at: string };
  // ---- Alliance ledger (0003-alliance) ----
  expectations_responses: {
    id: string;
    course_id: string;
    client_id: string;
    side: string;
    answered_at: string;
    entered_by: string;
    answers_enc: string;
    free_text_enc: string | null;
    cues_enc: string | null;
    /** Version of the cue rules that read cues_enc (0015); NULL = before versions were kept. */
    cues_version: number | null;
    created_at: string;
  };
  goals: {
    id: string;
    course_id: string;
    client_id: string;
    author: string;
    focus: string;
    state: string;
    proposed_at: string;
    proposed_by: string;
    text_enc: string;
    cues_enc: string | null;
    /** Version of the cue rules that read cues_enc (0015); NULL = before versions were kept. */
    cues_version: number | null;
    agreed_at: string | null;
    agreed_by: string | null;
    agreement_recorded_by: string | null;
    agreement_words_enc: string | null;
    closed_state: string | null;
    closed_at: string | null;
    closed_by: string | null;
    closure_note_enc: string | null;
    revised_to: string | null;
    revision_of: string | null;
    gas_weight: number | null;
    gas_descriptions_enc: string | null;
    updated_at: string;
    /** When each step was recorded (0016); the step's own column is when it happened. NULL: not yet taken. */
    proposal_recorded_at: string | null;
    agreement_recorded_at: string | null;
    closure_recorded_at: string | null;
  };
  goal_ratings: {
    id: string;
    goal_id: string;
    course_id: string;
    kind: string;
    at: string;
    value: number;
    recorded_by: string;
    seal: string | null;
    sealed_seq: number | null;
    /** When the rating was recorded (0016); `at` is when it was given. */
    recorded_at: string | null;
  };
  alliance_ledger: {
    id: string;
    course_id: string;
    client_id: string;
    seq: number;
    kind: string;
    agreement_id: string;
    at: string;
    side: string;
    recorded_by: string | null;
    entered_by: string;
    alliance_type: string | null;
    frequency: string | null;
    review_point: string | null;
    supersedes: string | null;
    statement_enc: string | null;
    reason_enc: string | null;
    words_enc: string | null;
    seal: string | null;
    sealed_seq: number | null;
    /** When the entry was recorded (0016); `at` is when it was proposed, confirmed or declined. */
    recorded_at: string | null;
  };
  course_phase_changes: { id: string; course_id: string; at: string; phase: string };
  alliance_snapshots: {
    id: string;
    course_id: string;
    client_id: string;
    session_id: string;
    at: string;
    inputs_key: string;
    dominant: string;
    distribution: string;
    mass: number;
    evidence_enc: string;
    computed_at: string;
  };
  access_notices: {
    id: string;
    practice_id: string;
    user_id: string;
    kind: string;
    actor_id: string;
    grantee_id: string;
    client_id: string | null;
    created_at: string;
    read_at: string | null;
  };
  /** Process notes (0009): the author's private notes about a session; text_enc sealed under the client's data key. */
  process_notes: {
    id: string;
    client_id: string;
    session_id: string;
    author_id: string;
    text_enc: string;
    created_at: string;
    updated_at: string;
  };
  /** The author's per-client training grants of their process notes to a supervisor (0009). */
  process_note_grants: {
    id: string;
    client_id: string;
    author_id: string;
    grantee_id: string;
    granted_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
  progress_notes: {
    id: string;
    client_id: string;
    course_id: string;
    session_id: string;
    author_id: string;
    body_enc: string;
    written_at: string;
    updated_at: string;
    signed_at: string | null;
    signed_by: string | null;
    shared_with_client: number;
    seal: string | null;
    sealed_seq: number | null;
  };
  progress_note_addenda: {
    id: string;
    note_id: string;
    client_id: string;
    author_id: string;
    body_enc: string;
    written_at: string;
    seal: string | null;
    sealed_seq: number | null;
  };
  reflections: {
    id: string;
    client_id: string;
    course_id: string;
    session_id: string;
    author_id: string;
    answers_enc: string;
    shared: number;
    written_at: string;
    updated_at: string;
  };
  course_endings: {
    course_id: string;
    client_id: string;
    client_list_enc: string | null;
    client_list_at: string | null;
    client_list_by: string | null;
    summary_enc: string | null;
    summary_at: string | null;
    summary_by: string | null;
    closed_at: string | null;
    closed_by: string | null;
    follow_up_due_on: string | null;
    follow_up_at: string | null;
    follow_up_rating: number | null;
    follow_up_words_enc: string | null;
    updated_at: string;
    seal: string | null;
    sealed_seq: number | null;
  };
  ending_settings: { practice_id: string; follow_up_months: number; updated_at: string; updated_by: string };
  mail_settings: {
    practice_id: string;
    enabled: number;
    host: string;
    port: number;
    security: string;
    sender: string;
    username: string | null;
    password_enc: string | null;
    updated_at: string;
    updated_by: string | null;
  };
  mail_outbox: {
    id: string;
    practice_id: string;
    kind: string;
    message_enc: string;
    dedupe_key: string | null;
    status: string;
    attempts: number;
    next_attempt_at: string;
    lease_until: string | null;
    claimed_by: string | null;
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
  };
  mail_preferences: { user_id: string; daily_digest: number; updated_at: string };
  recovery_codes: { user_id: string; code_hash: string; created_at: string; used_at: string | null };
  account_resets: {
    id: string;
    practice_id: string;
    user_id: string;
    kind: string;
    token_hash: string;
    created_by: string | null;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  client_portal_settings: { client_id: string; hide_scores: number; updated_at: string; updated_by: string };
  skills_settings: { practice_id: string; catalogue_json: string | null; stalled_days: number; updated_at: string; updated_by: string };
  skills_checks: { id: string; client_id: string; course_id: string; answered_at: string; answers_enc: string };
  skill_targets: {
    id: string;
    client_id: string;
    course_id: string;
    skill_id: string;
    plan_enc: string;
    target_count: number;
    status: string;
    proposed_side: string;
    proposed_by: string;
    proposed_at: string;
    active_since: string | null;
    updated_at: string;
  };
  practice_logs: {
    id: string;
    target_id: string;
    client_id: string;
    course_id: string;
    practised_on: string;
    logged_at: string;
    mode: string;
    outcome: string;
    celebrated: number;
    entry_enc: string | null;
  };
  trackers: { id: string; client_id: string; course_id: string; label_enc: string; created_at: string };
  tracker_days: { tracker_id: string; day: string; kept: number; recorded_at: string };
  planned_breaks: {
    id: string;
    client_id: string;
    course_id: string;
    starts_on: string;
    ends_on: string;
    label_enc: string | null;
    created_at: string;
    created_by: string;
  };
  support_checks: { id: string; client_id: string; course_id: string; answered_at: string; calm: number; people: number; supports_enc: string };
  skills_sharing: { client_id: string; shared: number; updated_at: string };
  // ---- Data rights (0014-data-rights) ----
  retention_settings: { practice_id: string; retention_years: number; updated_at: string; updated_by: string };
  legal_holds: { id: string; client_id: string; reason: string; placed_by: string; placed_at: string; released_at: string | null; released_by: string | null };
  erasures: { id: string; client_id: string; erased_at: string; erased_by: string | null; basis: string };
  // ---- Supervision (0017-supervision) ----
  /** A supervisor's note to one supervisee about alliances; body_enc sealed under the client's key when client_id is set, else the account key. */
  supervision_notes: {
    id: string;
    practice_id: string;
    supervisor_id: string;
    supervisee_id: string;
    client_id: string | null;
    course_id: string | null;
    focus: string;
    alliance_type: string | null;
    body_enc: string;
    created_at: string;
    acknowledged_at: string | null;
    /** 0029-supervision-amend: when the supervisor last amended the words, and when (and why) they withdrew the note. */
    amended_at: string | null;
    withdrawn_at: string | null;
    withdrawn_reason: string | null;
  };
  /** 0029: the words an amendment replaced, sealed as the note is; `written_at` is when they were written. */
  supervision_note_versions: { id: string; note_id: string; body_enc: string; written_at: string; replaced_at: string };
  supervision_replies: { id: string; note_id: string; author_id: string; body_enc: string; created_at: string };
  // ---- Practice report (0018-course-outcomes): one summary row per course, see the migration ----
  /** Derived (migration 0031): one row per course and instrument, kept with each response; not in backups. */
  measure_series: { course_id: string; instrument_code: string; totals: string; latest: string; first: string };
  /** 0033: the outcome checks a response still owes (its id), written with the response, deleted when decided. */
  outcome_checks: { id: string; client_id: string; course_id: string; queued_at: string };
  course_outcomes: {
    course_id: string;
    practice_id: string;
    therapist_id: string;
    client_id: string;
    started_on: string;
    ended_on: string | null;
    status: string;
    end_reason: string | null;
    attended: number;
    finished: number;
    dropped_out: number;
    phq9_first: number | null;
    phq9_last: number | null;
    gad7_first: number | null;
    gad7_last: number | null;
    paired: number;
    caseness_first: number | null;
    caseness_last: number | null;
    reliable_improvement: number | null;
    reliable_deterioration: number | null;
    recovery: number | null;
    reliable_recovery: number | null;
    agreed_early: number;
    early_type: string | null;
    agreed_type: string | null;
    inferred_type: string | null;
    intake_divergence: number | null;
    divergence_high: number | null;
    goal_consensus: number | null;
    phq9_series: string | null;
    gad7_series: string | null;
    updated_at: string;
  };
  _placeholder?: { id: Generated<number> };
};

/** Tables in the order a restore loads them (parents before children). */
export const TABLE_ORDER = [
  'meta',
  'practices',
  'users',
  'invites',
  'auth_sessions',
  'login_throttle',
  'supervisions',
  'client_keys',
  'clients',
  'courses',
  'therapy_sessions',
  'audit_head',
  'audit_client_sets',
  'audit_client_set_members',
  'audit_events',
  'audit_anchors',
  'instrument_definitions',
  'measure_schedules',
  'measure_responses',
  'outcome_checks',
  'alerts',
  'alert_events',
  'escalation_colleagues',
  'expectations_responses',
  'goals',
  'goal_ratings',
  'alliance_ledger',
  'course_phase_changes',
  'alliance_snapshots',
  'access_notices',
  'practice_notices',
  'notice_marks',
  'name_tokens',
  'process_notes',
  'process_note_grants',
  'progress_notes',
  'progress_note_addenda',
  'reflections',
  'course_endings',
  'ending_settings',
  'mail_settings',
  'mail_outbox',
  'mail_preferences',
  'recovery_codes',
  'account_resets',
  'client_portal_settings',
  'skills_settings',
  'skills_checks',
  'skill_targets',
  'practice_logs',
  'trackers',
  'tracker_days',
  'planned_breaks',
  'support_checks',
  'skills_sharing',
  'retention_settings',
  'legal_holds',
  'erasures',
  'supervision_notes',
  'supervision_replies',
  'supervision_note_versions',
  'course_outcomes',
] as const satisfies readonly (keyof DB)[];
