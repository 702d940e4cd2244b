/**
 * Supervision in the demo practice (issue 15): Dr Inés Moreau supervises Maya and Tom and has
 * written them a few notes about the alliances in their work — Hannah's dip after a hard session,
 * Lena's shift from a working to a therapeutic alliance, George coming after his symptoms have gone,
 * and a note to Tom about no course in particular, which Inés amended the next day. Maya has answered hers and acknowledged them;
 * Tom has not read his yet, so Inés's overview shows notes waiting. Written through the use cases,
 * each at its own moment; the words are made up for the demo.
 */
import type { Deps } from '../deps.ts';
import type { SupervisionFocus } from '../../domain/supervision/supervision.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import { acknowledgeSupervisionNote, amendSupervisionNote, replyToSupervisionNote, writeSupervisionNote } from '../supervision/notes.ts';

type DemoNote = {
  to: 'maya' | 'tom';
  client: string | null;
  daysAgo: number;
  focus: SupervisionFocus;
  allianceType: AllianceType | null;
  text: string;
  reply?: string;
  acknowledged?: boolean;
  /** Words the supervisor amended the note to, a day after writing it (the earlier words stay). */
  amended?: string;
};

const NOTES: readonly DemoNote[] = [
  {
    to: 'maya',
    client: 'lena',
    daysAgo: 175,
    focus: 'alliance_shift',
    allianceType: 'therapeutic',
    text: 'Lena came for the stress at work, and for weeks the ledger said working while what she brought was her habit of putting others first. You named the shift and she agreed to it in her own words — that is the move. Keep an eye on the pace: a longer contract can feel like a weight to someone who prides herself on coping.',
    reply: 'Thank you. I will check the frequency with her at the next review rather than assume weekly suits the deeper work.',
    acknowledged: true,
  },
  {
    to: 'maya',
    client: 'hannah',
    daysAgo: 12,
    focus: 'rupture',
    allianceType: 'working',
    text: 'Hannah’s Session check dropped after the session where you went back to early family memories, and you rated that session higher than she did. Worth asking her plainly what did not suit her about the way you worked that day. A small rupture named and repaired tends to strengthen a working alliance; left alone it becomes a reason to stop coming.',
    reply: 'I had taken the quiet for reflection. I will open next session by asking about it.',
    acknowledged: true,
  },
  {
    to: 'tom',
    client: 'george',
    daysAgo: 6,
    focus: 'goals_gone_quiet',
    allianceType: 'structuralizing',
    text: 'George’s scores have been low for months and there is no current goal on the ledger, yet he keeps his fortnightly sessions. What are they for now — keeping the gains, growth, or an ending you have not yet talked about? Naming it together is better than letting the purpose stay implicit.',
  },
  {
    to: 'tom',
    client: null,
    daysAgo: 3,
    focus: 'goal_divergence',
    allianceType: null,
    text: 'For our next supervision: bring one course where you and the client seem to want different things from the work. We will look at your two Expectations checks side by side and at the statements where you differ most.',
    amended:
      'For our next supervision: bring one course where you and the client seem to want different things from the work, and one where you agree. We will look at the two Expectations checks of each side by side and at the statements where you differ most.',
  },
];

/** Inés's notes to her supervisees, with Maya's replies and acknowledgements, each at its moment. */
export async function addDemoSupervision(
  deps: Deps,
  supervisorId: string,
  therapists: { maya: { id: string }; tom: { id: string } },
  courseOf: ReadonlyMap<string, string>,
): Promise<void> {
  const now = deps.clock.now().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
  for (const n of NOTES) {
    const written = now - n.daysAgo * 86_400_000;
    const superviseeId = therapists[n.to].id;
    const note = await writeSupervisionNote(at(written), supervisorId, superviseeId, {
      focus: n.focus,
      allianceType: n.allianceType,
      courseId: n.client ? (courseOf.get(n.client) ?? null) : null,
      text: n.text,
    });
    if (n.reply) await replyToSupervisionNote(at(written + 26 * 3_600_000), superviseeId, note.id, n.reply);
    if (n.acknowledged) await acknowledgeSupervisionNote(at(written + 26 * 3_600_000 + 60_000), superviseeId, note.id);
    if (n.amended) await amendSupervisionNote(at(written + 20 * 3_600_000), supervisorId, note.id, n.amended);
  }
}
