/**
 * Skills and practice between sessions, supports and trackers (SPEC §3 C5, C7): the practice's
 * catalogue and stall setting, Skills checks, target skills agreed by both sides, the client's
 * practice log, trackers with the therapist's planned breaks, and the Support check.
 *
 * Privacy (SPEC §2: "client reflections, practice logs, trackers — read if the client shares"):
 * practice logs and trackers are the client's. Accord's default is NOT shared: the client turns
 * sharing on in the portal, sees exactly what it shows, and can turn it off again. Until then the
 * therapist and supervisor see the targets (they agreed them), the Skills and Support checks (they
 * are instruments, read like questionnaire answers), and that practice is not shared — no counts,
 * no streaks, no stall alert, and the inferred alliance does not read them. Why this default: a
 * log kept between sessions is a private rehearsal space, and a client should choose to open it
 * rather than discover it was open.
 *
 * Each write loads once, decides in domain/skills, and persists once inside one unit of work;
 * writes the inferred alliance reads (practice, tracker days, Support checks, the sharing choice)
 * queue its recompute.
 */
import type { Skill } from '../../domain/skills/catalogue.ts';
import { DEFAULT_CATALOGUE, checkCatalogue } from '../../domain/skills/catalogue.ts';
import type { PracticeMode, PracticeOutcome } from '../../domain/skills/practice.ts';
import { checkPracticeDay, checkPracticeTexts, checkStalledDays, dayStreaks, practiceCounts, progressOf, stalledState } from '../../domain/skills/practice.ts';
import type { PracticeCounts } from '../../domain/skills/practice.ts';
import { skillsDefaults } from '../../domain/skills/settings.ts';
import type { ScoredSkill, SkillRating } from '../../domain/skills/skills-check.ts';
import { checkSkillsAnswer, scoreSkillsCheck } from '../../domain/skills/skills-check.ts';
import type { Support, SupportAnswer } from '../../domain/skills/support-check.ts';
import { checkSupportAnswer, supportTotal } from '../../domain/skills/support-check.ts';
import type { Patterns, Side, TargetPlan, TargetStatus } from '../../domain/skills/targets.ts';
import { checkPlan, checkTargetCount, checkTransition } from '../../domain/skills/targets.ts';
import type { Streak } from '../../domain/skills/trackers.ts';
import { checkBreak, checkTrackerDay, checkTrackerLabel, streaksOf } from '../../domain/skills/trackers.ts';
import { addDays } from '../../domain/skills/days.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { Binding } from '../clinical-text.ts';
import { clientTexts } from '../clinical-text.ts';
import type { CourseRow, PracticeLogRow, SkillTargetRow } from '../ports.ts';
import { unitOfWork } from '../unit-of-work.ts';

/** Who reads: the client, their therapist, or an observer (the supervisor). */
export type SkillsViewer = 'client' | 'therapist' | 'observer';
type Texts = Awaited<ReturnType<typeof clientTexts>>;

const bind = (table: string, id: string, field: string): Binding => ({ table, id, field });

function refuse(r: { reason: string; message: string }, code: 'invalid_input' | 'conflict' = 'invalid_input'): never {
  throw new DomainError(code, r.message, { reason: r.reason });
}

/** Today in the practice's time zone (a client's day is the practice's calendar day). */
async function todayOf(deps: Pick<Deps, 'store' | 'clock'>): Promise<string> {
  const practice = await deps.store.findPractice();
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: practice?.timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  return fmt.format(deps.clock.now());
}

async function loadCourse(deps: Pick<Deps, 'store'>, courseId: string): Promise<CourseRow> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  return course;
}

/** A course to write to: not ended, and its client not archived. */
async function loadCourseToWrite(deps: Pick<Deps, 'store'>, courseId: string): Promise<CourseRow> {
  const course = await loadCourse(deps, courseId);
  const client = await deps.store.findClient(course.clientId);
  if (!client) throw new DomainError('not_found', 'No such course.');
  if (client.status === 'archived') refuse({ reason: 'client_archived', message: 'This client’s record is archived.' }, 'conflict');
  if (course.status === 'ended') refuse({ reason: 'course_ended', message: 'This course has ended.' }, 'conflict');
  return course;
}

// ---- settings ---------------------------------------------------------------------------------

export type SkillsSettingsView = { catalogue: Skill[]; custom: boolean; stalledDays: number; stalledDaysMin: number; stalledDaysMax: number };

/** The practice's catalogue (Accord's default until the practice edits it) and its stall setting. */
export async function getSkillsSettings(deps: Pick<Deps, 'store'>): Promise<SkillsSettingsView> {
  const practice = await deps.store.findPractice();
  const row = practice ? await deps.store.findSkillsSettings(practice.id) : undefined;
  const catalogue = row?.catalogueJson ? (JSON.parse(row.catalogueJson) as Skill[]) : [...DEFAULT_CATALOGUE];
  return {
    catalogue,
    custom: !!row?.catalogueJson,
    stalledDays: row?.stalledDays ?? skillsDefaults.stalledDays,
    stalledDaysMin: skillsDefaults.stalledDaysMin,
    stalledDaysMax: skillsDefaults.stalledDaysMax,
  };
}

/** The admin edits the catalogue (or returns to the default with `null`) and the stall setting. */
export async function setSkillsSettings(deps: Deps, by: string, input: { catalogue: Skill[] | null; stalledDays: number }): Promise<SkillsSettingsView> {
  const days = checkStalledDays(input.stalledDays);
  if (!days.ok) refuse(days);
  let json: string | null = null;
  if (input.catalogue !== null) {
    const cat = checkCatalogue(input.catalogue);
    if (!cat.ok) refuse(cat);
    json = JSON.stringify(cat.skills);
  }
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'No practice.');
  await deps.store.setSkillsSettings({
    practiceId: practice.id,
    catalogueJson: json,
    stalledDays: input.stalledDays,
    updatedAt: iso(deps.clock.now()),
    updatedBy: by,
  });
  return getSkillsSettings(deps);
}

// ---- the view -----------------------------------------------------------------------------------

export type PracticeEntryView = {
  id: string;
  targetId: string;
  practisedOn: string;
  loggedAt: string;
  mode: PracticeMode;
  outcome: PracticeOutcome;
  celebrated: boolean;
  situation: string;
  did: string;
  howItWent: string;
};

export type TargetView = {
  id: string;
  skillId: string;
  skillName: string;
  why: string;
  goals: { id: string; text: string }[];
  situations: string[];
  doMore: Patterns;
  doLess: Patterns;
  sources: string[];
  practicePlan: string;
  targetCount: number;
  status: TargetStatus;
  proposedSide: Side;
  proposedAt: string;
  activeSince: string | null;
  /** Whether this viewer may agree to it now (the other side proposed it). */
  awaitingMe: boolean;
  /** Null when practice is not shared with this viewer. */
  practice: {
    counts: PracticeCounts;
    streak: { current: number; longest: number };
    progress: number;
    lastPractisedOn: string | null;
    stalled: boolean;
    daysSincePractice: number | null;
    /** The latest entry, for the one-tap "again". */
    last: PracticeEntryView | null;
  } | null;
};

export type TrackerView = {
  id: string;
  label: string;
  createdAt: string;
  days: { day: string; kept: boolean }[];
  streaks: Streak[];
  current: number;
  longest: number;
  today: boolean | null;
  yesterday: boolean | null;
};

export type SkillsView = {
  courseId: string;
  today: string;
  viewer: SkillsViewer;
  catalogue: Skill[];
  stalledDays: number;
  /** The client's choice; `visible`: whether this viewer reads the practice log and trackers. */
  sharing: { shared: boolean; updatedAt: string | null };
  visible: boolean;
  goals: { id: string; text: string }[];
  checks: { id: string; answeredAt: string; ranked: ScoredSkill[]; suggested: ScoredSkill[] }[];
  targets: TargetView[];
  practice: PracticeEntryView[] | null;
  trackers: TrackerView[] | null;
  breaks: { id: string; startsOn: string; endsOn: string; label: string }[];
  supportChecks: { id: string; answeredAt: string; calm: number; people: number; total: number; supports: Support[] }[];
};

type StoredCheck = { ratings: (SkillRating & { name: string; group: string })[]; order: string[] };

function openPlan(texts: Texts, t: SkillTargetRow): TargetPlan {
  return JSON.parse(texts.open(bind('skill_targets', t.id, 'plan'), t.planEnc)) as TargetPlan;
}

function openEntry(texts: Texts, p: PracticeLogRow): PracticeEntryView {
  const e = p.entryEnc
    ? (JSON.parse(texts.open(bind('practice_logs', p.id, 'entry'), p.entryEnc)) as { situation: string; did: string; howItWent: string })
    : undefined;
  return {
    id: p.id,
    targetId: p.targetId,
    practisedOn: p.practisedOn,
    loggedAt: p.loggedAt,
    mode: p.mode,
    outcome: p.outcome,
    celebrated: p.celebrated,
    situation: e?.situation ?? '',
    did: e?.did ?? '',
    howItWent: e?.howItWent ?? '',
  };
}

/** Everything of a course's skills this viewer may read (see the file comment for who reads what). */
export async function getSkills(deps: Deps, courseId: string, viewer: SkillsViewer): Promise<SkillsView> {
  const course = await loadCourse(deps, courseId);
  const [settings, today, sharing, checks, targets, logs, trackers, days, breaks, supports, goalRows, texts] = await Promise.all([
    getSkillsSettings(deps),
    todayOf(deps),
    deps.store.findSkillsSharing(course.clientId),
    deps.store.listSkillsChecks(courseId),
    deps.store.listSkillTargets(courseId),
    deps.store.listPracticeLogs(courseId),
    deps.store.listTrackers(courseId),
    deps.store.listTrackerDays(courseId),
    deps.store.listPlannedBreaks(courseId),
    deps.store.listSupportChecks(courseId),
    deps.store.listGoals(courseId),
    clientTexts(deps, course.clientId),
  ]);
  const shared = sharing?.shared ?? false;
  const visible = viewer === 'client' || shared;
  const goals = goalRows.filter((g) => g.closedState === null).map((g) => ({ id: g.id, text: texts.open(bind('goals', g.id, 'text'), g.textEnc) }));
  const goalText = new Map(goalRows.map((g) => [g.id, g]));
  const entries = logs.map((p) => openEntry(texts, p));
  const plannedBreaks = breaks.map((b) => ({
    id: b.id,
    startsOn: b.startsOn,
    endsOn: b.endsOn,
    label: b.labelEnc ? texts.open(bind('planned_breaks', b.id, 'label'), b.labelEnc) : '',
  }));
  const side: Side | undefined = viewer === 'observer' ? undefined : viewer;
  return {
    courseId,
    today,
    viewer,
    catalogue: settings.catalogue,
    stalledDays: settings.stalledDays,
    sharing: { shared, updatedAt: sharing?.updatedAt ?? null },
    visible,
    goals,
    checks: checks.map((c) => {
      const stored = JSON.parse(texts.open(bind('skills_checks', c.id, 'answers'), c.answersEnc)) as StoredCheck;
      const names = new Map(stored.ratings.map((r) => [r.skillId, { name: r.name, group: r.group }]));
      return { id: c.id, answeredAt: c.answeredAt, ...scoreSkillsCheck(stored.ratings, names, stored.order) };
    }),
    targets: targets.map((t): TargetView => {
      const plan = openPlan(texts, t);
      const mine = entries.filter((e) => e.targetId === t.id);
      const last = mine.at(-1);
      const stall = t.status === 'active' && t.activeSince ? stalledState(t.activeSince, last?.practisedOn, today, settings.stalledDays) : undefined;
      return {
        id: t.id,
        skillId: t.skillId,
        skillName: plan.skillName,
        why: plan.why,
        goals: plan.goalIds.flatMap((id) => {
          const g = goalText.get(id);
          return g ? [{ id, text: texts.open(bind('goals', g.id, 'text'), g.textEnc) }] : [];
        }),
        situations: plan.situations,
        doMore: plan.doMore,
        doLess: plan.doLess,
        sources: plan.sources,
        practicePlan: plan.practicePlan,
        targetCount: t.targetCount,
        status: t.status,
        proposedSide: t.proposedSide,
        proposedAt: t.proposedAt,
        activeSince: t.activeSince,
        awaitingMe: t.status === 'proposed' && side !== undefined && side !== t.proposedSide,
        practice: visible
          ? {
              counts: practiceCounts(mine, today),
              streak: dayStreaks(
                mine.map((e) => e.practisedOn),
                today,
              ),
              progress: progressOf(mine.length, t.targetCount),
              lastPractisedOn: last?.practisedOn ?? null,
              stalled: stall?.stalled ?? false,
              daysSincePractice: stall?.days ?? null,
              last: last ?? null,
            }
          : null,
      };
    }),
    practice: visible ? [...entries].reverse() : null,
    trackers: visible
      ? trackers.map((tr) => {
          const mine = days.filter((d) => d.trackerId === tr.id).map((d) => ({ day: d.day, kept: d.kept }));
          const streaks = streaksOf(mine, today, plannedBreaks);
          const on = (day: string) => mine.find((d) => d.day === day)?.kept ?? null;
          return {
            id: tr.id,
            label: texts.open(bind('trackers', tr.id, 'label'), tr.labelEnc),
            createdAt: tr.createdAt,
            days: mine,
            streaks,
            current: streaks.find((s) => s.ongoing)?.length ?? 0,
            longest: Math.max(0, ...streaks.map((s) => s.length)),
            today: on(today),
            yesterday: on(addDays(today, -1)),
          };
        })
      : null,
    breaks: plannedBreaks,
    supportChecks: supports.map((s) => {
      const list = JSON.parse(texts.open(bind('support_checks', s.id, 'supports'), s.supportsEnc)) as Support[];
      return { id: s.id, answeredAt: s.answeredAt, calm: s.calm, people: s.people, total: supportTotal(s), supports: list };
    }),
  };
}

// ---- writes -------------------------------------------------------------------------------------

/** Runs a write on one course in one unit of work and answers with the course's skills as `viewer` reads them. */
async function write(
  deps: Deps,
  courseId: string,
  viewer: SkillsViewer,
  fn: (d: Deps & { after: NonNullable<Deps['after']> }, course: CourseRow, texts: Texts, now: string, today: string) => Promise<{ alliance: boolean }>,
): Promise<SkillsView> {
  await unitOfWork(deps, async (d) => {
    const course = await loadCourseToWrite(d, courseId);
    const [texts, today] = await Promise.all([clientTexts(d, course.clientId), todayOf(d)]);
    const r = await fn(d, course, texts, iso(d.clock.now()), today);
    if (r.alliance) d.after.queue({ kind: 'alliance', courseId });
  });
  return getSkills(deps, courseId, viewer);
}

/** SPEC §3 C5: the client answers the Skills check against the practice's catalogue; the answer keeps each skill's name as it was. */
export async function submitSkillsCheck(deps: Deps, courseId: string, ratings: readonly SkillRating[]): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, course, texts, now) => {
    const { catalogue } = await getSkillsSettings(d);
    const answer = checkSkillsAnswer(catalogue, ratings);
    if (!answer.ok) refuse(answer);
    const byId = new Map(catalogue.map((s) => [s.id, s]));
    const stored: StoredCheck = {
      ratings: answer.ratings.map((r) => ({ ...r, name: byId.get(r.skillId)!.name, group: byId.get(r.skillId)!.group })),
      order: catalogue.map((s) => s.id),
    };
    const id = d.ids.newId();
    await d.store.insertSkillsCheck({
      id,
      clientId: course.clientId,
      courseId,
      answeredAt: now,
      answersEnc: texts.seal(bind('skills_checks', id, 'answers'), JSON.stringify(stored)),
    });
    return { alliance: false };
  });
}

export type TargetInput = {
  skillId: string;
  why: string;
  goalIds: string[];
  situations: string[];
  doMore: Patterns;
  doLess: Patterns;
  sources: string[];
  practicePlan: string;
  targetCount: number;
};

/** The plan checked, its goals checked to be this course's open goals. */
async function planOf(d: Pick<Deps, 'store'>, courseId: string, skillName: string, input: Omit<TargetInput, 'skillId' | 'targetCount'>): Promise<TargetPlan> {
  const plan = checkPlan({ skillName, ...input });
  if (!plan.ok) refuse(plan);
  if (plan.plan.goalIds.length) {
    const goals = new Set((await d.store.listGoals(courseId)).filter((g) => g.closedState === null).map((g) => g.id));
    if (plan.plan.goalIds.some((id) => !goals.has(id))) refuse({ reason: 'unknown_goal', message: 'A target can only name open goals of this course.' });
  }
  return plan.plan;
}

/**
 * SPEC §3 C5 "Decision": either side proposes a target skill from the catalogue with its plan; it
 * becomes active when the other side agrees (`updateTarget` with status 'active').
 */
export async function createTarget(deps: Deps, courseId: string, actor: { userId: string; side: Side }, input: TargetInput): Promise<SkillsView> {
  return write(deps, courseId, actor.side, async (d, course, texts, now) => {
    const count = checkTargetCount(input.targetCount);
    if (!count.ok) refuse(count);
    const { catalogue } = await getSkillsSettings(d);
    const skill = catalogue.find((s) => s.id === input.skillId);
    if (!skill) refuse({ reason: 'unknown_skill', message: 'That skill is not in the practice’s catalogue.' });
    const plan = await planOf(d, courseId, skill.name, input);
    const id = d.ids.newId();
    await d.store.insertSkillTarget({
      id,
      clientId: course.clientId,
      courseId,
      skillId: skill.id,
      planEnc: texts.seal(bind('skill_targets', id, 'plan'), JSON.stringify(plan)),
      targetCount: input.targetCount,
      status: 'proposed',
      proposedSide: actor.side,
      proposedBy: actor.userId,
      proposedAt: now,
      activeSince: null,
      updatedAt: now,
    });
    return { alliance: false };
  });
}

async function targetOf(d: Pick<Deps, 'store'>, courseId: string, targetId: string): Promise<SkillTargetRow> {
  const t = await d.store.findSkillTarget(targetId);
  if (!t || t.courseId !== courseId) throw new DomainError('not_found', 'No such target skill.');
  return t;
}

/** Either side edits a target's plan or count, agrees to the other's proposal, pauses, resumes or finishes it. */
export async function updateTarget(
  deps: Deps,
  courseId: string,
  targetId: string,
  side: Side,
  input: { plan?: Omit<TargetInput, 'skillId' | 'targetCount'>; targetCount?: number; status?: TargetStatus },
): Promise<SkillsView> {
  return write(deps, courseId, side, async (d, _course, texts, now, today) => {
    const t = await targetOf(d, courseId, targetId);
    if (t.status === 'done') refuse({ reason: 'target_done', message: 'This target skill is done; it no longer changes.' }, 'conflict');
    const next: SkillTargetRow = { ...t, updatedAt: now };
    if (input.targetCount !== undefined) {
      const count = checkTargetCount(input.targetCount);
      if (!count.ok) refuse(count);
      next.targetCount = input.targetCount;
    }
    if (input.plan) {
      const plan = await planOf(d, courseId, openPlan(texts, t).skillName, input.plan);
      next.planEnc = texts.seal(bind('skill_targets', t.id, 'plan'), JSON.stringify(plan));
    }
    if (input.status !== undefined && input.status !== t.status) {
      const ok = checkTransition(t.status, input.status, side, t.proposedSide);
      if (!ok.ok) refuse(ok, 'conflict');
      next.status = input.status;
      // A stall is counted from the day practice could start again: the agreement, or the resumption.
      if (input.status === 'active') next.activeSince = today;
    }
    if (!(await d.store.updateSkillTarget(next, t.updatedAt)))
      refuse({ reason: 'changed', message: 'This target changed meanwhile; reload and try again.' }, 'conflict');
    return { alliance: false };
  });
}

export type PracticeInput = {
  targetId: string;
  /** The day it happened; today when left out. */
  practisedOn?: string | undefined;
  /** Repeat of an earlier entry: its mode and words are copied (the one-tap "again"). */
  repeatOf?: string | undefined;
  mode?: PracticeMode | undefined;
  outcome: PracticeOutcome;
  celebrated?: boolean | undefined;
  situation?: string | undefined;
  did?: string | undefined;
  howItWent?: string | undefined;
};

/**
 * SPEC §3 C5 "Rehearsal": the client logs a practice on one of their active targets. A target that
 * is not this course's is refused as bad input (nothing is written); a repeat copies the mode and
 * words of an earlier entry on the same target, so logging it again is one tap.
 */
export async function logPractice(deps: Deps, courseId: string, input: PracticeInput): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, course, texts, now, today) => {
    const t = await d.store.findSkillTarget(input.targetId);
    if (!t || t.courseId !== courseId) refuse({ reason: 'not_your_target', message: 'That target skill is not one of this course’s targets.' });
    if (t.status !== 'active')
      refuse({ reason: 'target_not_active', message: 'Practice is logged on an active target: this one is not agreed yet, paused or done.' }, 'conflict');
    let base: PracticeEntryView | undefined;
    if (input.repeatOf !== undefined) {
      const prev = await d.store.findPracticeLog(input.repeatOf);
      if (!prev || prev.courseId !== courseId || prev.targetId !== t.id)
        refuse({ reason: 'bad_repeat', message: 'The practice to repeat is not one of this target’s.' });
      base = openEntry(texts, prev);
    }
    const mode = input.mode ?? base?.mode;
    if (!mode) refuse({ reason: 'no_mode', message: 'Say how you practised: imagined, role-play or real life.' });
    const day = input.practisedOn ?? today;
    const dayOk = checkPracticeDay(day, today, t.activeSince ?? t.proposedAt.slice(0, 10));
    if (!dayOk.ok) refuse(dayOk);
    const words = {
      situation: (input.situation ?? base?.situation ?? '').trim(),
      did: (input.did ?? base?.did ?? '').trim(),
      howItWent: (input.howItWent ?? '').trim(),
    };
    const textOk = checkPracticeTexts(Object.values(words));
    if (!textOk.ok) refuse(textOk);
    const id = d.ids.newId();
    const any = words.situation || words.did || words.howItWent;
    await d.store.insertPracticeLog({
      id,
      targetId: t.id,
      clientId: course.clientId,
      courseId,
      practisedOn: day,
      loggedAt: now,
      mode,
      outcome: input.outcome,
      celebrated: input.celebrated ?? false,
      entryEnc: any ? texts.seal(bind('practice_logs', id, 'entry'), JSON.stringify(words)) : null,
    });
    return { alliance: true };
  });
}

/** The client marks a practice as celebrated (or not): "did I give myself credit for it?" */
export async function setCelebrated(deps: Deps, courseId: string, practiceId: string, celebrated: boolean): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d) => {
    const p = await d.store.findPracticeLog(practiceId);
    if (!p || p.courseId !== courseId) throw new DomainError('not_found', 'No such practice.');
    await d.store.setPracticeCelebrated(p.id, celebrated);
    return { alliance: false };
  });
}

/** SPEC §3 C7: the client defines a daily yes/no tracker. */
export async function createTracker(deps: Deps, courseId: string, label: string): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, course, texts, now) => {
    const ok = checkTrackerLabel(label, (await d.store.listTrackers(courseId)).length);
    if (!ok.ok) refuse(ok);
    const id = d.ids.newId();
    await d.store.insertTracker({ id, clientId: course.clientId, courseId, labelEnc: texts.seal(bind('trackers', id, 'label'), ok.label), createdAt: now });
    return { alliance: false };
  });
}

/**
 * SPEC §3 C7: a tracker day — new (today, or yesterday if it was missed) or a correction of today
 * or yesterday. A future day, an older one, or a day entered twice is refused and nothing written.
 */
export async function enterTrackerDay(
  deps: Deps,
  courseId: string,
  trackerId: string,
  input: { day: string; kept: boolean },
  mode: 'new' | 'correct',
): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, _course, _texts, now, today) => {
    const trackers = await d.store.listTrackers(courseId);
    if (!trackers.some((t) => t.id === trackerId)) throw new DomainError('not_found', 'No such tracker.');
    const recorded = new Set((await d.store.listTrackerDays(courseId)).filter((x) => x.trackerId === trackerId).map((x) => x.day));
    const ok = checkTrackerDay(input.day, today, recorded, mode);
    if (!ok.ok) refuse(ok);
    const row = { trackerId, day: input.day, kept: input.kept, recordedAt: now };
    const stored = mode === 'new' ? await d.store.insertTrackerDay(row) : await d.store.updateTrackerDay(row);
    if (!stored)
      refuse(
        mode === 'new'
          ? { reason: 'duplicate_day', message: 'That day is already entered; correct it instead.' }
          : { reason: 'no_such_day', message: 'That day has not been entered yet.' },
      );
    return { alliance: true };
  });
}

/** SPEC §3 C7: the therapist marks a planned break (holiday, leave); streaks are read against it. */
export async function addPlannedBreak(
  deps: Deps,
  courseId: string,
  userId: string,
  input: { startsOn: string; endsOn: string; label?: string | undefined },
): Promise<SkillsView> {
  return write(deps, courseId, 'therapist', async (d, course, texts, now) => {
    const ok = checkBreak(input.startsOn, input.endsOn);
    if (!ok.ok) refuse(ok);
    const id = d.ids.newId();
    const label = input.label?.trim();
    await d.store.insertPlannedBreak({
      id,
      clientId: course.clientId,
      courseId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      labelEnc: label ? texts.seal(bind('planned_breaks', id, 'label'), label) : null,
      createdAt: now,
      createdBy: userId,
    });
    return { alliance: false };
  });
}

/** SPEC §3 C7: the client answers the Support check. */
export async function submitSupportCheck(deps: Deps, courseId: string, input: SupportAnswer): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, course, texts, now) => {
    const ok = checkSupportAnswer(input);
    if (!ok.ok) refuse(ok);
    const id = d.ids.newId();
    await d.store.insertSupportCheck({
      id,
      clientId: course.clientId,
      courseId,
      answeredAt: now,
      calm: ok.answer.calm,
      people: ok.answer.people,
      supportsEnc: texts.seal(bind('support_checks', id, 'supports'), JSON.stringify(ok.answer.supports)),
    });
    return { alliance: true };
  });
}

/** SPEC §2: the client shares their practice log and trackers with their therapist (and supervisor), or stops sharing. */
export async function setSharing(deps: Deps, courseId: string, shared: boolean): Promise<SkillsView> {
  return write(deps, courseId, 'client', async (d, course, _texts, now) => {
    await d.store.setSkillsSharing({ clientId: course.clientId, shared, updatedAt: now });
    return { alliance: true };
  });
}
