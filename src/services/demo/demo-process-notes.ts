/**
 * Process notes of the demo practice (issue 11): Maya keeps private notes on two of Lena's recent
 * sessions and has given Inés, her supervisor, a training grant on Lena for the next month — so
 * Inés can open them (after confirming her password), and nobody else can. Written through the use
 * cases, exactly as the staff app would; the words are made up for the demo.
 */
import type { Deps } from '../deps.ts';
import { grantProcessNotes, writeProcessNote } from '../process-notes/process-notes.ts';

const NOTES: Record<string, readonly string[]> = {
  lena: [
    'Lena talked about her sister’s move and then changed the subject twice. I noticed I was relieved each time — my own avoidance of the loss theme? Worth slowing down next week.',
    'Felt drowsy halfway through, which is unusual with Lena. It came when she described the weekend as “fine, really”. Bring to supervision: what is being kept flat between us?',
  ],
};

/** Writes the demo's process notes on the client's latest attended sessions and the training grant, for the clients that have some. */
export async function addDemoProcessNotes(deps: Deps, key: string, clientId: string, therapistId: string, supervisorId: string): Promise<void> {
  const notes = NOTES[key];
  if (!notes) return;
  const courses = await deps.store.listCoursesOfClient(clientId);
  const sessions = (await Promise.all(courses.map((k) => deps.store.listSessionsOfCourse(k.id)))).flat();
  const attended = sessions.filter((s) => s.status === 'attended').sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  for (const [i, text] of notes.entries()) {
    const session = attended[notes.length - 1 - i];
    if (session) await writeProcessNote(deps, therapistId, session.id, text);
  }
  const until = new Date(deps.clock.now().getTime() + 30 * 86_400_000).toISOString();
  await grantProcessNotes(deps, therapistId, clientId, { granteeId: supervisorId, expiresAt: until });
}
