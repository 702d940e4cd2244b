/**
 * The demo's twice-told sessions (SPEC §3 C6), written through the same use cases as the app, each
 * at the moment it was written (the clock is set to it): on Hannah's course, Maya's progress notes
 * and Hannah's reflections on three sessions —
 * - the hard session (the one her Session check dips on): Hannah's shared reflection says she felt
 *   unheard, so its withdrawal and confrontation words raise a rupture alert quoting them; Maya's
 *   signed note is not shared with her;
 * - the session ten days ago: both wrote, the pair opened, and both see them side by side with the
 *   themes both mention (her mum, Sundays, the guilt) marked;
 * - the last session: Hannah has shared her reflection, Maya's note is still a draft — sealed for
 *   both until Maya signs, or until seven days after the session.
 * The texts are the demo's own.
 */
import type { Deps } from '../deps.ts';
import { signNote, shareNote, writeNote, writeReflection } from '../notes/notes.ts';

const at = (deps: Deps, ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
const HOUR = 3_600_000;

type Story = {
  /** Which attended session, counted from the last (0: the last). */
  fromLast: number;
  note: { text: string; sign: boolean; share: boolean };
  reflection: { stoodOut: string; takeAway: string; leftUnsaid: string; shared: boolean };
};

const HANNAH: readonly Story[] = [
  {
    // The hard session (her Session check dips on it: demo-measures.ts, `count - 4`).
    fromLast: 3,
    note: {
      text: 'Effortful session. Hannah was quieter than usual once we went back to early family memories, and said little about the week. Next time: ask how the pace of today felt for her, and whether returning to the past is useful to her now.',
      sign: true,
      share: false,
    },
    reflection: {
      stoodOut: 'Going back over my childhood again.',
      takeAway: 'Not much, honestly.',
      leftUnsaid: 'I felt you were not listening to me today. There is no point in going over the same old story again.',
      shared: true,
    },
  },
  {
    fromLast: 1,
    note: {
      text: 'Hannah told her mum she needs Sunday afternoons for herself. We looked at the guilt that came afterwards and how it eased by the evening. Plan: notice the guilt without acting on it, and keep the Sunday walk.',
      sign: true,
      share: true,
    },
    reflection: {
      stoodOut: 'Saying out loud that I told my mum about Sundays.',
      takeAway: 'The guilt passes if I wait it out. Keep the Sunday walk.',
      leftUnsaid: 'I still worry my sister will take her side.',
      shared: true,
    },
  },
  {
    fromLast: 0,
    note: {
      text: 'Prepared the conversation with her sister about the holidays; rehearsed the opening line twice. (Draft: finish after supervision.)',
      sign: false,
      share: true,
    },
    reflection: {
      stoodOut: 'Practising what I will say to my sister.',
      takeAway: 'Write the first sentence down before I call her.',
      leftUnsaid: '',
      shared: true,
    },
  },
];

/** Hannah's notes and reflections; the other demo clients have none (they have no portal, or no story here). */
export async function addDemoNotes(deps: Deps, key: string, courseId: string, therapistId: string, portalUserId: string | null): Promise<void> {
  if (key !== 'hannah' || !portalUserId) return;
  const now = deps.clock.now().getTime();
  const attended = (await deps.store.listSessionsOfCourse(courseId))
    .filter((s) => s.status === 'attended' && Date.parse(s.startsAt) <= now)
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  for (const story of HANNAH) {
    const session = attended[story.fromLast];
    if (!session) continue;
    const start = Date.parse(session.startsAt);
    // The note the same afternoon; the reflection the next evening.
    const noteAt = at(deps, start + 3 * HOUR);
    await writeNote(noteAt, session.id, therapistId, story.note.text);
    if (story.note.share) await shareNote(noteAt, session.id, true);
    if (story.note.sign) await signNote(at(deps, start + 3 * HOUR + 20 * 60_000), session.id, therapistId);
    const { shared, ...answers } = story.reflection;
    await writeReflection(at(deps, start + 32 * HOUR), session.id, portalUserId, { ...answers, shared });
  }
}
