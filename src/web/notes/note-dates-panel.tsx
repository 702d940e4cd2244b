/**
 * What the admin sees of a client's progress notes (SPEC §2: date and type only): one line per
 * note with the session's date, when it was written and whether it is signed — never its words.
 * Shown on the client page to those who may list notes but not read them.
 */
import type { ReactNode } from 'react';
import { formatDay } from '../dates.ts';
import { Loading } from '../components/notice.tsx';
import { useResource } from '../use-resource.ts';
import { notesApi } from './api.ts';

export function NoteDatesPanel({ clientId, timeZone }: { clientId: string; timeZone: string }): ReactNode {
  const res = useResource(() => notesApi.index(clientId), [clientId]);
  if (res.error) return null;
  return (
    <section className="card" aria-labelledby="note-dates-title">
      <h2 id="note-dates-title">Progress notes</h2>
      <p className="muted">Dates and types only: the notes themselves are for the client’s therapist and their supervisor.</p>
      {!res.data ? (
        <Loading />
      ) : res.data.length === 0 ? (
        <p className="muted">No progress notes yet.</p>
      ) : (
        <ul>
          {res.data.map((n) => (
            <li key={n.sessionId}>
              Progress note on the session of {formatDay(n.sessionAt, timeZone)} — written {formatDay(n.writtenAt, timeZone)},{' '}
              {n.signedAt ? `signed ${formatDay(n.signedAt, timeZone)}` : 'not signed yet'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
