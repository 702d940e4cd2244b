/**
 * Erasure on the client page (docs/data-rights.md): whether the record may be erased now and why
 * not (an open course, a hold, the retention period), its holds, and — for the admin — placing and
 * releasing a hold and erasing (crypto-shredding: it cannot be undone).
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { Checkbox, TextField } from '../components/field.tsx';
import { formatCalendarDate } from '../dates.ts';
import { useResource } from '../use-resource.ts';
import { FormProblem, fieldText, useSubmit } from '../use-submit.ts';
import { rightsApi } from './api.ts';

export function ErasurePanel({
  clientId,
  name,
  canErase,
  canHold,
  onErased,
}: {
  clientId: string;
  name: string;
  canErase: boolean;
  canHold: boolean;
  onErased: () => void;
}) {
  const state = useResource(() => rightsApi.erasure(clientId), [clientId]);
  const [done, setDone] = useState<string | null>(null);
  const hold = useSubmit(async (e) => {
    const form = e.currentTarget;
    const reason = fieldText(new FormData(form), 'reason');
    if (!reason) throw new FormProblem('Say why the record is held.');
    await rightsApi.placeHold(clientId, reason);
    form.reset();
    setDone('The hold is in place: the record is kept until it is released.');
    await state.reload();
  });
  const erase = useSubmit(async (e) => {
    if (new FormData(e.currentTarget).get('irreversible') !== 'on') throw new FormProblem('Confirm that the erasure cannot be undone.');
    await rightsApi.erase(clientId);
    onErased();
  });
  const release = useSubmit();
  const s = state.data;
  return (
    <section className="card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">Retention and erasure</h2>
      {!s ? (
        state.error ? (
          <ErrorNote message={state.error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <DoneNote message={done} />
          <ErrorNote message={release.error} />
          <p>
            Last contact {formatCalendarDate(s.lastContact.slice(0, 10), 'short')}; kept until {formatCalendarDate(s.decision.keptUntil, 'short')} (
            {s.retentionYears} years).
          </p>
          <p>{s.decision.erasable ? 'The record may be erased.' : s.decision.message}</p>
          {s.holds.length ? (
            <ul aria-label="Holds">
              {s.holds.map((h) => (
                <li key={h.id}>
                  {h.reason} — placed {formatCalendarDate(h.placedAt.slice(0, 10), 'short')} by {h.placedByName}
                  {h.releasedAt ? (
                    `, released ${formatCalendarDate(h.releasedAt.slice(0, 10), 'short')}`
                  ) : canHold ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="button small"
                        disabled={release.busy}
                        onClick={() =>
                          void release.run(async () => {
                            await rightsApi.releaseHold(clientId, h.id);
                            setDone('The hold was released.');
                            await state.reload();
                          })
                        }
                      >
                        Release
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {canHold ? (
            <form aria-label="Place a hold" onSubmit={(e) => void hold.submit(e)}>
              <ErrorNote message={hold.error} />
              <TextField
                label="Reason for a hold"
                name="reason"
                maxLength={300}
                hint="A short reason, no clinical detail: a complaint, a court case, a safeguarding enquiry."
              />
              <button type="submit" className="button" disabled={hold.busy}>
                Place a hold
              </button>
            </form>
          ) : null}
          {canErase && s.decision.erasable ? (
            <form aria-label="Erase the record" onSubmit={(e) => void erase.submit(e)}>
              <ErrorNote message={erase.error} />
              <Checkbox label={`I understand that erasing ${name}’s record cannot be undone`} name="irreversible" />
              <button type="submit" className="button danger" disabled={erase.busy}>
                Erase the record
              </button>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
