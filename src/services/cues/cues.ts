/**
 * "What the words suggest" (SPEC §5.5): the language cues of a client's recent texts, for the
 * therapist's client page. The texts are the client's own words already stored in the alliance
 * ledger — goals the client proposed and the free text of their revealed Expectations checks
 * and the reflections they shared with their therapist — read through `loadCourse`, so the
 * blindness of the Expectations check holds here too (a client's answer appears only once both
 * sides have answered), and a private reflection never appears.
 */
import type { Cue } from '../../domain/cues/types.ts';
import { cueDefaults } from '../../domain/cues/settings.ts';
import type { Deps } from '../deps.ts';
import { loadCourse } from '../alliance/alliance-records.ts';
import type { LoadedCourse } from '../alliance/alliance-records.ts';
import { pairState } from '../../domain/notes/seal.ts';
import { notesDefaults } from '../../domain/notes/settings.ts';
import type { CourseRow } from '../ports.ts';

export type CueSourceType = 'goal' | 'expectations_response' | 'reflection';

/** One client text with its cues and where it came from. */
export type CueItem = { sourceType: CueSourceType; sourceId: string; sourceLabel: string; at: string; text: string; cues: Cue[] };

export type ClientCues = { courseId: string | null; lookbackSessions: number; items: CueItem[] };

const LABEL: Readonly<Record<CueSourceType, string>> = {
  goal: 'Goal in the client’s words',
  expectations_response: 'Expectations check, in their words',
  reflection: 'Their reflection on a session, shared with you',
};

/** The course the page is about: the open one, else the most recently started. */
function currentCourse(courses: readonly CourseRow[]): CourseRow | undefined {
  const byStart = [...courses].sort((a, b) => b.startedOn.localeCompare(a.startedOn) || b.createdAt.localeCompare(a.createdAt));
  return byStart.find((c) => c.status !== 'ended') ?? byStart[0];
}

/**
 * The client's texts of the last `cueDefaults.lookbackSessions` sessions with their cues, newest
 * first: texts written since the start of the sixth-last session that took place, plus the goals
 * the client proposed that are still open (proposed or agreed), whenever they were written —
 * they are still the words the work is about.
 */
export async function recentClientTexts(deps: Pick<Deps, 'store' | 'vault' | 'clock'>, courseId: string): Promise<CueItem[]> {
  const loaded = await loadCourse(deps, courseId);
  const sessions = loaded.records.sessions;
  const since = sessions.length > cueDefaults.lookbackSessions ? sessions[sessions.length - cueDefaults.lookbackSessions]?.at : undefined;
  const openGoals = new Set(loaded.goals.filter((g) => g.state === 'proposed' || g.state === 'agreed').map((g) => g.id));
  const sealed = await sealedReflections(deps, loaded);
  return loaded.records.texts
    .filter((t) => !(t.sourceType === 'reflection' && sealed.has(t.sourceId)))
    .filter((t) => t.author === 'client' && (t.sourceType === 'goal' || t.sourceType === 'expectations_response' || t.sourceType === 'reflection'))
    .filter((t) => since === undefined || Date.parse(t.at) >= Date.parse(since) || (t.sourceType === 'goal' && openGoals.has(t.sourceId)))
    .map((t): CueItem => {
      const sourceType = t.sourceType as CueSourceType;
      // The evidence the inferred alliance reads (stored when the current rules read it, else read again): the two never disagree.
      return { sourceType, sourceId: t.sourceId, sourceLabel: LABEL[sourceType], at: t.at, text: t.text, cues: [...t.cues] };
    })
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.sourceId.localeCompare(b.sourceId));
}

/**
 * The shared reflections still sealed from the therapist (SPEC §3 C6: until their note is signed or
 * the reveal period has passed): the panel shows a reflection's words only once the pair has opened.
 */
async function sealedReflections(deps: Pick<Deps, 'store' | 'clock'>, loaded: LoadedCourse): Promise<Set<string>> {
  if (loaded.reflectionRows.length === 0) return new Set();
  const now = deps.clock.now().toISOString();
  const revealDays = (await deps.store.findPractice())?.notesRevealDays ?? notesDefaults.revealAfterDays;
  const out = new Set<string>();
  for (const r of loaded.reflectionRows) {
    const session = loaded.sessionRows.find((s) => s.id === r.sessionId);
    const note = await deps.store.findProgressNoteOfSession(r.sessionId);
    const state = pairState({ sessionAt: session?.startsAt ?? r.writtenAt, now, revealDays, mine: !!note?.signedAt, theirs: true });
    if (!state.open) out.add(r.id);
  }
  return out;
}

/** The cues of a client's current course (the pipeline has already checked the caller's standing). */
export async function clientCues(deps: Pick<Deps, 'store' | 'vault' | 'clock'>, clientId: string): Promise<ClientCues> {
  const course = currentCourse(await deps.store.listCoursesOfClient(clientId));
  if (!course) return { courseId: null, lookbackSessions: cueDefaults.lookbackSessions, items: [] };
  return { courseId: course.id, lookbackSessions: cueDefaults.lookbackSessions, items: await recentClientTexts(deps, course.id) };
}
