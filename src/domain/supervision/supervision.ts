/**
 * Supervision (SPEC §3 C9; issue 15): a supervisor sees each supervisee's caseload at a glance —
 * how many clients, which alliances were agreed and which the evidence infers, where the two
 * disagree, the open alerts and the courses not on track — and keeps supervision notes that focus
 * on alliances, private to the supervisor and the supervisee.
 *
 * Pure rules: the foci a note may have, its text limits, who stands how toward a note, and how one
 * supervisee's clients add up to the overview's figures.
 */
import type { AllianceType } from '../cues/types.ts';
import { ALLIANCE_TYPES } from '../cues/types.ts';
import type { Result } from '../errors.ts';
import type { AlertKind, AlertSeverity } from '../alerts/alert.ts';
import { ALERT_SEVERITIES, ALERT_URGENCY } from '../alerts/alert.ts';

/**
 * What a supervision note is about. SPEC §1.5: success depends on recognising the alliance in force
 * and negotiating shifts explicitly; SPEC §1.1: the two goals start at variance; SPEC §1.4: goals
 * can go quiet. Each focus names one of those alliance questions.
 */
export const SUPERVISION_FOCI = [
  'agreed_vs_inferred',
  'alliance_shift',
  'rupture',
  'goal_divergence',
  'magical_persisting',
  'goals_gone_quiet',
  'other',
] as const;
export type SupervisionFocus = (typeof SUPERVISION_FOCI)[number];

export const FOCUS_LABELS: Record<SupervisionFocus, string> = {
  agreed_vs_inferred: 'Agreed and inferred alliance differ',
  alliance_shift: 'Negotiating a shift of alliance',
  rupture: 'Rupture and repair',
  goal_divergence: 'Client’s and therapist’s goals diverge',
  magical_persisting: 'A magical alliance persisting',
  goals_gone_quiet: 'Goals gone quiet (maintenance or ending)',
  other: 'Another alliance question',
};

/** The longest supervision note or reply accepted (characters): a page or two, as supervision notes are. */
export const SUPERVISION_NOTE_MAX_CHARS = 10_000;

/** A note's or reply's text after trimming, or why it cannot be kept. */
export function checkSupervisionText(text: string): Result<string, 'empty' | 'too_long'> {
  const t = text.trim();
  if (!t) return { ok: false, reason: 'empty', message: 'Write something first: an empty note is not kept.' };
  if (t.length > SUPERVISION_NOTE_MAX_CHARS)
    return {
      ok: false,
      reason: 'too_long',
      message: `A supervision note holds at most ${SUPERVISION_NOTE_MAX_CHARS.toLocaleString('en')} characters (this one has ${t.length.toLocaleString('en')}).`,
    };
  return { ok: true, value: t };
}

/**
 * Why a supervisor withdraws a note they wrote. A closed list, so no free text (which could name a
 * client) is kept outside the sealed body. The words stay, marked withdrawn: what was said in
 * supervision is not unsaid, only no longer asked of the supervisee.
 */
export const WITHDRAW_REASONS = ['written_in_error', 'wrong_person_or_course', 'resolved_in_session', 'superseded'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];
export const WITHDRAW_REASON_LABELS: Record<WithdrawReason, string> = {
  written_in_error: 'Written in error',
  wrong_person_or_course: 'About the wrong supervisee or course',
  resolved_in_session: 'Talked through in supervision; nothing left to act on',
  superseded: 'Replaced by a later note',
};

/**
 * Whether the supervisor may amend or withdraw a note now. Only its supervisor (the supervisee
 * answers in the thread instead); a withdrawn note is closed; an amendment must change the words.
 */
export function checkNoteChange(
  as: 'supervisor' | 'supervisee',
  note: { withdrawnAt: string | null },
  change: { kind: 'amend'; text: string; current: string | null } | { kind: 'withdraw' },
): Result<true, 'not_supervisor' | 'withdrawn' | 'unchanged' | 'unreadable'> {
  if (as !== 'supervisor') return { ok: false, reason: 'not_supervisor', message: 'Only the supervisor who wrote a note amends or withdraws it.' };
  if (note.withdrawnAt !== null) return { ok: false, reason: 'withdrawn', message: 'This note was withdrawn: it can no longer be changed.' };
  if (change.kind === 'amend') {
    if (change.current === null) return { ok: false, reason: 'unreadable', message: 'This note’s words can no longer be read, so they cannot be amended.' };
    if (change.current === change.text) return { ok: false, reason: 'unchanged', message: 'The words are the same as before: nothing to amend.' };
  }
  return { ok: true, value: true };
}

/** The two people a note is between. */
export type NoteParties = { supervisorId: string; superviseeId: string };

/**
 * How the caller stands toward one supervision note. The supervisee always reads the notes about
 * their own work; the supervisor who wrote it reads it while they still supervise that person (a
 * note may name a client, whose record the supervisor no longer reaches once the supervision
 * ends). Anyone else — the admin, other therapists and supervisors, the client — stands nowhere:
 * the note answers as missing.
 */
export function noteStanding(callerId: string, note: NoteParties, supervisesNow: boolean): 'supervisor' | 'supervisee' | null {
  if (callerId === note.superviseeId) return 'supervisee';
  if (callerId === note.supervisorId && supervisesNow) return 'supervisor';
  return null;
}

/** One client of a supervisee as the overview reads it: the current course's alliance and alerts. */
export type SuperviseeClientFacts = {
  /** The current course's status, or null when the client has none. */
  courseStatus: 'active' | 'paused' | 'ended' | null;
  agreed: AllianceType | null;
  inferred: AllianceType | null;
  /** Kinds of the client's open (or acknowledged, still active) alerts, one entry per alert. */
  alerts: readonly { kind: string; severity: string }[];
};

export type AllianceCounts = Record<AllianceType, number>;

/** One supervisee's figures on the overview. */
export type SuperviseeFigures = {
  /** Active clients on the caseload. */
  caseload: number;
  /** Courses open now (active or paused). */
  openCourses: number;
  agreed: AllianceCounts;
  inferred: AllianceCounts;
  /** Open courses with no agreement confirmed yet. */
  noAgreement: number;
  /** Open courses whose agreed and inferred alliance are both known and differ. */
  disagree: number;
  /** Active alerts by kind (most urgent kind first), and by severity (most severe first); only those present. */
  alertsByKind: { kind: AlertKind; count: number }[];
  alertsBySeverity: { severity: AlertSeverity; count: number }[];
  /** Open courses with an active not-on-track alert (SPEC §5.1's rules, as the alerts raised them). */
  notOnTrack: number;
};

const zeroCounts = (): AllianceCounts => ({ magical: 0, working: 0, therapeutic: 0, structuralizing: 0 });

/** Whether text names one of the four alliances (SPEC §1.5). */
export function isAllianceType(v: string | null | undefined): v is AllianceType {
  return v !== null && v !== undefined && (ALLIANCE_TYPES as readonly string[]).includes(v);
}

/** Whether a client's agreed and inferred alliances are both known and differ. */
export function disagrees(f: Pick<SuperviseeClientFacts, 'agreed' | 'inferred'>): boolean {
  return f.agreed !== null && f.inferred !== null && f.agreed !== f.inferred;
}

/**
 * Adds up one supervisee's clients. Alliance figures count open courses only (an ended course's
 * alliance is history, not something to bring to supervision); alerts count wherever they are
 * active, as the caseload shows them, counted over the closed sets of kinds and severities the
 * alerts domain defines (SPEC §3 C8's order of urgency).
 */
export function superviseeFigures(clients: readonly SuperviseeClientFacts[]): SuperviseeFigures {
  const out: SuperviseeFigures = {
    caseload: clients.length,
    openCourses: 0,
    agreed: zeroCounts(),
    inferred: zeroCounts(),
    noAgreement: 0,
    disagree: 0,
    alertsByKind: [],
    alertsBySeverity: [],
    notOnTrack: 0,
  };
  const all = clients.flatMap((c) => c.alerts);
  for (const kind of ALERT_URGENCY) {
    const count = all.filter((a) => a.kind === kind).length;
    if (count) out.alertsByKind.push({ kind, count });
  }
  for (const severity of ALERT_SEVERITIES) {
    const count = all.filter((a) => a.severity === severity).length;
    if (count) out.alertsBySeverity.push({ severity, count });
  }
  for (const c of clients) {
    const open = c.courseStatus === 'active' || c.courseStatus === 'paused';
    if (!open) continue;
    out.openCourses += 1;
    if (c.agreed) out.agreed[c.agreed] += 1;
    else out.noAgreement += 1;
    if (c.inferred) out.inferred[c.inferred] += 1;
    if (disagrees(c)) out.disagree += 1;
    if (c.alerts.some((a) => a.kind === 'not_on_track')) out.notOnTrack += 1;
  }
  return out;
}
