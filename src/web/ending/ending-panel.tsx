/**
 * The ending of one course on the client page (SPEC §3 C6): the client's list as they wrote it, the
 * therapist's closing summary (written while the course ends), closing the ending once the course
 * has ended, the follow-up check's state, and the link to the printable report.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { TextArea } from '../components/field.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { fieldText, FormProblem, useSubmit } from '../use-submit.ts';
import { formatCalendarDate } from '../dates.ts';
import { ENDING_LIMITS, FOLLOW_UP_LABELS } from '../../domain/ending/ending.ts';
import type { Ending } from './api.ts';
import { endingApi } from './api.ts';
import './ending.css';

const FOLLOW_UP_WORDS: Readonly<Record<Ending['followUp']['state'], string>> = {
  off: 'No follow-up check is scheduled.',
  scheduled: 'The follow-up check is scheduled',
  due: 'The follow-up check is due now in the client’s portal',
  lapsed: 'The follow-up check lapsed unanswered',
  done: 'The client answered the follow-up check',
};

function SummaryForm({ ending, onSaved }: { ending: Ending; onSaved: (e: Ending) => void }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const text = fieldText(new FormData(e.currentTarget), 'summary');
    if (!text) throw new FormProblem('Write the closing summary first.');
    onSaved(await endingApi.saveSummary(ending.courseId, text));
  });
  return (
    <form aria-label="Closing summary" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <TextArea
        label="Closing summary"
        hint="What the work was about, what changed, what the client takes with them. Sealed like all clinical text; the client reads it once you close the ending."
        name="summary"
        rows={6}
        maxLength={ENDING_LIMITS.summaryChars}
        defaultValue={ending.summary?.text ?? ''}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Save the summary
      </button>
    </form>
  );
}

export function EndingPanel({ courseId }: { courseId: string }) {
  const ending = useResource(() => endingApi.get(courseId), [courseId]);
  const [done, setDone] = useState<string | null>(null);
  const close = useSubmit();
  if (!ending.data) return ending.error ? <ErrorNote message={ending.error} /> : <Loading />;
  const e = ending.data;
  const mayWrite = e.can['ending:summary'];
  return (
    <section className="card ending-panel" aria-label="Ending">
      <h3>Ending</h3>
      <DoneNote message={done} />
      <h4>The client’s list</h4>
      {e.clientList ? (
        <ul className="ending-list">
          {e.clientList.items.map((i, n) => (
            <li key={n}>{i}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">The client has not written their list {e.open ? 'yet (they write it in the portal)' : ''}.</p>
      )}
      {e.open && mayWrite ? (
        <SummaryForm
          ending={e}
          onSaved={() => {
            setDone('The closing summary is saved.');
            void ending.reload();
          }}
        />
      ) : e.summary ? (
        <>
          <h4>Closing summary</h4>
          <p className="ending-summary">{e.summary.text}</p>
        </>
      ) : null}
      {!e.closedAt && mayWrite ? (
        e.course.status === 'ended' ? (
          <>
            <ErrorNote message={close.error} />
            <button
              type="button"
              className="button primary"
              disabled={close.busy || !e.summary}
              onClick={() =>
                void close.run(async () => {
                  await endingApi.close(courseId);
                  setDone('The ending is closed: the lists and summary are now the report’s record.');
                  await ending.reload();
                })
              }
            >
              Close the ending
            </button>
          </>
        ) : (
          <InfoNote>Once the course has ended (set its status to ended, with the date and reason), close the ending here.</InfoNote>
        )
      ) : null}
      {e.closedAt ? (
        <p>
          Closed on {formatCalendarDate(e.closedAt.slice(0, 10))}. {FOLLOW_UP_WORDS[e.followUp.state]}
          {e.followUp.dueOn && e.followUp.state !== 'off' ? ` (from ${formatCalendarDate(e.followUp.dueOn)})` : ''}
          {e.followUp.rating !== null ? `: ${FOLLOW_UP_LABELS[`${e.followUp.rating}` as keyof typeof FOLLOW_UP_LABELS]}` : ''}.
          {e.followUp.words ? ` “${e.followUp.words}”` : ''}
        </p>
      ) : null}
      <p>
        <Link className="button secondary" to={`/courses/${courseId}/ending/report`}>
          Ending report
        </Link>
      </p>
    </section>
  );
}
