/**
 * The ending in the client's portal (SPEC §3 C6), phone first: while the course ends, the client
 * writes their list of what they got out of therapy; once the therapist has closed the ending,
 * their list, the closing summary and the printable report; and the follow-up check when it is due.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { TextArea } from '../components/field.tsx';
import { Link } from '../router.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';
import { useResource } from '../use-resource.ts';
import { fieldText, FormProblem, useSubmit } from '../use-submit.ts';
import { formatCalendarDate } from '../dates.ts';
import { FOLLOW_UP_LABELS, FOLLOW_UP_RATINGS, ENDING_LIMITS } from '../../domain/ending/ending.ts';
import type { Ending } from './api.ts';
import { endingApi } from './api.ts';
import { ListEditor } from './list-editor.tsx';
import './ending.css';

function FollowUpForm({ ending, onDone }: { ending: Ending; onDone: (e: Ending) => void }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const rating = f.get('rating');
    if (rating === null) throw new FormProblem('Choose how you have been since your therapy ended.');
    onDone(await endingApi.answerFollowUp(ending.courseId, Number(rating), fieldText(f, 'words') || undefined));
  });
  return (
    <form aria-label="Follow-up check" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <fieldset>
        <legend>Since your therapy ended, you have been…</legend>
        {[...FOLLOW_UP_RATINGS].reverse().map((r) => (
          <label key={r} className="choice">
            <input type="radio" name="rating" value={r} />
            <span>{FOLLOW_UP_LABELS[`${r}`]}</span>
          </label>
        ))}
      </fieldset>
      <TextArea label="Anything you would like to add (optional)" name="words" rows={3} maxLength={ENDING_LIMITS.followUpWordsChars} />
      <button type="submit" className="button primary" disabled={busy}>
        Send
      </button>
    </form>
  );
}

/**
 * The courses whose ending the portal shows: the current one once it is in its termination phase
 * or has ended, and the client's earlier ended courses (their report, and a follow-up check that
 * may be due while a new course runs), newest first.
 */
function endingCourses(ctx: PortalContext): PortalContext['courses'] {
  return ctx.courses
    .filter((c) => c.status === 'ended' || (c.id === ctx.current?.id && c.phase === 'termination'))
    .sort((a, b) => b.startedOn.localeCompare(a.startedOn));
}

function EndingSection({ ctx }: { ctx: PortalContext }) {
  const courses = endingCourses(ctx);
  if (courses.length === 1) return <CourseEnding courseId={courses[0]!.id} />;
  return (
    <>
      {courses.map((c) => (
        <article key={c.id} aria-label={`Course from ${formatCalendarDate(c.startedOn)}`}>
          <h3>
            Your therapy from {formatCalendarDate(c.startedOn)}
            {c.endedOn ? ` to ${formatCalendarDate(c.endedOn)}` : ''}
          </h3>
          <CourseEnding courseId={c.id} />
        </article>
      ))}
    </>
  );
}

function CourseEnding({ courseId }: { courseId: string }) {
  const ending = useResource(() => endingApi.get(courseId), [courseId]);
  const [done, setDone] = useState<string | null>(null);
  if (!ending.data) return ending.error ? <ErrorNote message={ending.error} /> : <Loading />;
  const e = ending.data;
  return (
    <div className="ending-portal">
      <DoneNote message={done} />
      {e.followUp.state === 'due' ? (
        <>
          <h3>Your follow-up check</h3>
          <p>It has been a while since your therapy ended. How have things been?</p>
          <FollowUpForm
            ending={e}
            onDone={() => {
              setDone('Thank you — your therapist will see your answer.');
              void ending.reload();
            }}
          />
        </>
      ) : null}
      {e.followUp.state === 'scheduled' && e.followUp.dueOn ? (
        <p className="muted">A short follow-up check will be here from {formatCalendarDate(e.followUp.dueOn)}.</p>
      ) : null}
      {e.open && e.can['ending:client-list'] ? (
        <>
          <p>As your therapy comes to an end, write down what you got out of it — in your own words, one thing per line. Your therapist will see your list.</p>
          <ListEditor
            initial={e.clientList?.items ?? []}
            onSave={async (items) => {
              await endingApi.saveList(courseId, items);
              setDone('Your list is saved. You can change it until your therapist closes the ending.');
              await ending.reload();
            }}
          />
        </>
      ) : (
        <>
          {e.clientList ? (
            <>
              <h3>What I got out of therapy</h3>
              <ul className="ending-list">
                {e.clientList.items.map((i, n) => (
                  <li key={n}>{i}</li>
                ))}
              </ul>
            </>
          ) : null}
          {e.summary ? (
            <>
              <h3>Your therapist’s closing summary</h3>
              <p className="ending-summary">{e.summary.text}</p>
            </>
          ) : null}
        </>
      )}
      {e.closedAt ? (
        <p>
          <Link className="button secondary" to={`/portal/ending/${courseId}`}>
            Your ending report
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export const endingSection: PortalSection = {
  id: 'ending',
  title: 'The ending of your therapy',
  shows: (ctx) => endingCourses(ctx).length > 0,
  Component: EndingSection,
};
