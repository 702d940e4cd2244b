import { useEffect, useState } from 'react';
import { SESSION_STATUS_LABELS } from '../../domain/people.ts';
import type { SessionStatus } from '../../domain/people.ts';
import { api } from '../api.ts';
import type { TherapySession } from '../api.ts';
import { formatDateTime } from '../dates.ts';
import { usePracticeZone, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { SelectField } from './field.tsx';
import { SESSION_STATUS_OPTIONS } from './options.ts';
import { useSubmit } from '../use-submit.ts';
import { ScrollBox } from './scroll-box.tsx';

function StatusChanger({ session, when, onChanged, onCancel }: { session: TherapySession; when: string; onChanged(message: string): void; onCancel(): void }) {
  const [status, setStatus] = useState<SessionStatus>(session.status);
  const {
    error,
    setError,
    submit: save,
  } = useSubmit(async () => {
    await api.updateSession(session.id, { status });
    onChanged(`The session on ${when} is now “${SESSION_STATUS_LABELS[status]}”.`);
  });
  return (
    <form className="inline-form" onSubmit={(e) => void save(e)}>
      <SelectField
        label={`Status of the session on ${when}`}
        className="label-hidden"
        value={status}
        error={error}
        onChange={(e) => {
          setStatus(e.target.value as SessionStatus);
          setError(null);
        }}
        options={SESSION_STATUS_OPTIONS}
      />
      <button type="submit" className="button secondary small" disabled={status === session.status}>
        Save
      </button>
      <button type="button" className="button secondary small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

const SHOWN = 10;

/** The session an address like `/clients/…#session-<id>` points at (links from the alliance timeline and its evidence). */
const linkedSessionId = (): string | undefined => (window.location.hash.startsWith('#session-') ? window.location.hash.slice('#session-'.length) : undefined);

/**
 * A course's sessions, newest first (the latest ten unless asked for all); the assigned therapist can change each one's status.
 * Each row is anchored `session-<id>`; when the address names one, the list opens far enough to show it and scrolls there.
 */
export function SessionTable({
  sessions,
  canEdit,
  onChanged,
  notesHref,
}: {
  sessions: TherapySession[];
  canEdit: boolean;
  onChanged(message: string): void;
  notesHref?: ((sessionId: string) => string) | undefined;
}) {
  const timeZone = usePracticeZone();
  // The session's notes page, for those who may read notes (the server decides again for this client).
  const notes = useSession().can['notes:read'];
  const sorted = [...sessions].sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const linked = linkedSessionId();
  const [all, setAll] = useState(() => !!linked && sorted.findIndex((s) => s.id === linked) >= SHOWN);
  // Sessions read as values; a row becomes a form only when its status is being changed.
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    if (!linked) return;
    const row = document.getElementById(`session-${linked}`);
    if (row) {
      row.scrollIntoView({ block: 'center' });
      row.classList.add('linked');
    }
  }, [linked]);
  if (sessions.length === 0) return <p className="muted">No sessions recorded yet.</p>;
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  return (
    <>
      <ScrollBox label="Sessions, newest first">
        <table className="sessions">
          <caption className="visually-hidden">Sessions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Length</th>
              <th scope="col">What happened</th>
              {notesHref ? <th scope="col">Private</th> : null}
              {notes ? <th scope="col">Notes</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => {
              const when = formatDateTime(s.startsAt, timeZone);
              return (
                <tr key={`${s.id}-${s.status}`} id={`session-${s.id}`}>
                  <td className="nowrap">
                    <time dateTime={s.startsAt}>{when}</time>
                  </td>
                  <td>{s.durationMinutes} min</td>
                  <td>
                    {canEdit && editing === s.id ? (
                      <StatusChanger
                        session={s}
                        when={when}
                        onChanged={(m) => {
                          setEditing(null);
                          onChanged(m);
                        }}
                        onCancel={() => setEditing(null)}
                      />
                    ) : (
                      <>
                        {SESSION_STATUS_LABELS[s.status]}
                        {canEdit ? (
                          <>
                            {' '}
                            <button type="button" className="link-button no-print" onClick={() => setEditing(s.id)}>
                              Change<span className="visually-hidden"> the session on {when}</span>
                            </button>
                          </>
                        ) : null}
                      </>
                    )}
                  </td>
                  {notesHref ? (
                    <td>
                      <Link to={notesHref(s.id)} aria-label={`Process notes of the session on ${when}`}>
                        Process notes
                      </Link>
                    </td>
                  ) : null}
                  {notes ? (
                    <td>
                      {new Date(s.startsAt) <= new Date() ? (
                        <Link to={`/sessions/${s.id}/notes`} aria-label={`Notes of the session on ${when}`}>
                          Notes
                        </Link>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
      {sorted.length > SHOWN ? (
        <button type="button" className="button link-like" aria-expanded={all} onClick={() => setAll((a) => !a)}>
          {all ? `Show only the latest ${SHOWN}` : `Show all ${sorted.length} sessions`}
        </button>
      ) : null}
    </>
  );
}
