/**
 * The "Process notes" section of a client page (issue 11): which private notes the caller may open
 * here — their own, and those a colleague granted them for supervision — each linked to its
 * session, never showing a word of them; and, for the author, the training grants to a supervisor
 * for this client: given with an end date, revoked at once.
 */
import { useState } from 'react';
import { formatDateTime, formatDay, todayIn, zonedToIso } from '../dates.ts';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { processNotesApi, sessionNotesPath } from './api.ts';
import type { ProcessNotesOfClient } from './api.ts';
import './process-notes.css';

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function GrantForm({ clientId, data, timeZone, onChanged }: { clientId: string; data: ProcessNotesOfClient; timeZone: string; onChanged(m: string): void }) {
  const today = todayIn(timeZone);
  const [granteeId, setGranteeId] = useState(data.supervisors[0]?.id ?? '');
  const [until, setUntil] = useState(plusDays(today, 30));
  const { error, busy, submit } = useSubmit(async () => {
    const g = await processNotesApi.grant(clientId, granteeId, zonedToIso(until, '23:59', timeZone));
    onChanged(`${g.granteeName} may read your process notes on this client until ${formatDay(g.expiresAt, timeZone)}.`);
  });
  return (
    <form className="grant-form" onSubmit={(e) => void submit(e)} aria-label="Give a training grant">
      <ErrorNote message={error} />
      <SelectField
        label="Supervisor"
        value={granteeId}
        onChange={(e) => setGranteeId(e.target.value)}
        options={data.supervisors.map((s) => ({ value: s.id, label: s.name }))}
      />
      <TextField
        label="Until"
        type="date"
        min={plusDays(today, 1)}
        max={plusDays(today, 90)}
        required
        className="short"
        value={until}
        onChange={(e) => setUntil(e.target.value)}
      />
      <button type="submit" className="button secondary" disabled={busy || !granteeId}>
        Grant for supervision
      </button>
    </form>
  );
}

export function ClientProcessNotes({ clientId, timeZone, canGrant }: { clientId: string; timeZone: string; canGrant: boolean }) {
  const res = useResource(() => processNotesApi.ofClient(clientId), [clientId]);
  const [done, setDone] = useState<string | null>(null);
  const revoke = useSubmit();
  const changed = (m: string) => {
    setDone(m);
    void res.reload();
  };
  return (
    <section className="card process-notes" aria-labelledby="process-notes-title">
      <h2 id="process-notes-title">Process notes</h2>
      <p className="hint">
        Private notes about sessions. Only their author opens them, after confirming their password; each opening is recorded. They are never part of exports,
        analysis, alerts or the client’s access report.
      </p>
      <DoneNote message={done} />
      <ErrorNote message={res.error ?? revoke.error} />
      {!res.data ? (
        res.error ? null : (
          <Loading />
        )
      ) : (
        <>
          {res.data.notes.length === 0 ? (
            <p className="muted">No process notes you can open on this client.</p>
          ) : (
            <ul className="note-list">
              {res.data.notes.map((n) => (
                <li key={n.id}>
                  <Link to={sessionNotesPath(clientId, n.sessionId)}>
                    Session of {n.sessionStartsAt ? formatDateTime(n.sessionStartsAt, timeZone) : 'unknown date'}
                  </Link>{' '}
                  <span className="muted">
                    — {n.mine ? 'your note' : `by ${n.authorName}, granted to you for supervision`}, written {formatDay(n.createdAt, timeZone)}
                    {n.updatedAt !== n.createdAt ? `, changed ${formatDay(n.updatedAt, timeZone)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {canGrant ? (
            <div className="grants">
              <h3>Training grants</h3>
              <p className="hint">
                Let one of your supervisors read your process notes on this client for a while (at most 90 days). You can revoke it at any time.
              </p>
              {res.data.grants.length ? (
                <ul className="grant-list">
                  {res.data.grants.map((g) => (
                    <li key={g.id}>
                      {g.granteeName}:{' '}
                      {g.revokedAt
                        ? `revoked ${formatDay(g.revokedAt, timeZone)}`
                        : g.holds
                          ? `may read until ${formatDay(g.expiresAt, timeZone)}`
                          : `ended ${formatDay(g.expiresAt, timeZone)}`}
                      {g.holds ? (
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={revoke.busy}
                          onClick={() =>
                            void revoke.run(async () => {
                              await processNotesApi.revoke(clientId, g.id);
                              changed(`${g.granteeName} can no longer read your process notes on this client.`);
                            })
                          }
                        >
                          Revoke grant of {g.granteeName}
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {res.data.supervisors.length ? (
                <GrantForm clientId={clientId} data={res.data} timeZone={timeZone} onChanged={changed} />
              ) : (
                <p className="muted">You have no supervisor in this practice to grant your notes to.</p>
              )}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
