/**
 * The client's reflection on one session, in the portal (SPEC §3 C6), phone first: what stood
 * out, what I take away, what was left unsaid — private or shared with the therapist. Once the
 * pair has opened (both written, or the reveal period passed) the therapist's shared note is shown
 * beside it, and the words stand as written; sharing can still be changed.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { REFLECTION_FIELDS, REFLECTION_QUESTIONS } from '../../domain/notes/reflection.ts';
import type { ReflectionField } from '../../domain/notes/reflection.ts';
import { TextArea } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatLongDateTime } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { FormProblem, useSubmit } from '../use-submit.ts';
import { notesApi } from './api.ts';
import type { SessionNotes } from './api.ts';
import { SealedNotice, SideBySide } from './side-by-side.tsx';
import './notes.css';

const HINTS: Readonly<Record<ReflectionField, string>> = {
  stoodOut: 'A moment, a word, a feeling — whatever comes to mind first.',
  takeAway: 'Something to try, to remember or to think about.',
  leftUnsaid: 'Anything you did not get to say, or did not feel able to.',
};

function ReflectionForm({ view, onSaved }: { view: SessionNotes; onSaved(v: SessionNotes, message: string): void }): ReactNode {
  const mine = view.reflection;
  const locked = !!mine && view.pair.open;
  const [answers, setAnswers] = useState<Record<ReflectionField, string>>({
    stoodOut: mine?.stoodOut ?? '',
    takeAway: mine?.takeAway ?? '',
    leftUnsaid: mine?.leftUnsaid ?? '',
  });
  const [shared, setShared] = useState(mine?.shared ?? true);
  const { error, busy, submit } = useSubmit(async () => {
    if (REFLECTION_FIELDS.every((f) => !answers[f].trim())) throw new FormProblem('Write at least one of the three answers.');
    const next = await notesApi.reflect(view.sessionId, { ...answers, shared });
    onSaved(next, shared ? 'Your reflection is saved and shared with your therapist.' : 'Your reflection is saved. It stays private: only you can read it.');
  });
  return (
    <form className="reflection-form" onSubmit={(e) => void submit(e)}>
      <ErrorNote message={error} />
      {REFLECTION_FIELDS.map((f) =>
        locked ? (
          // Once open beside the therapist's note, the words are read there; here only who may read them.
          answers[f] && !view.note ? (
            <div key={f}>
              <h3>{REFLECTION_QUESTIONS[f]}</h3>
              <p className="pair-text">{answers[f]}</p>
            </div>
          ) : null
        ) : (
          <TextArea
            key={f}
            label={REFLECTION_QUESTIONS[f]}
            hint={HINTS[f]}
            rows={4}
            maxLength={4000}
            value={answers[f]}
            onChange={(e) => setAnswers((a) => ({ ...a, [f]: e.target.value }))}
          />
        ),
      )}
      <fieldset>
        <legend>Who can read it</legend>
        <label className="choice">
          <input type="radio" name="shared" checked={shared} onChange={() => setShared(true)} />
          <span>Share with my therapist — they can read it, and it helps them see how therapy is going for you.</span>
        </label>
        <label className="choice">
          <input type="radio" name="shared" checked={!shared} onChange={() => setShared(false)} />
          <span>Keep it private — only I can read it.</span>
        </label>
      </fieldset>
      <button type="submit" className="button primary" disabled={busy}>
        {mine ? 'Save changes' : 'Save my reflection'}
      </button>
    </form>
  );
}

export function ReflectionPage({ sessionId }: { sessionId: string }): ReactNode {
  const timeZone = usePracticeZone();
  const res = useResource(() => notesApi.session(sessionId), [sessionId]);
  const [latest, setLatest] = useState<SessionNotes | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const view = latest ?? res.data;
  return (
    <div className="portal">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/portal">Back to my page</Link>
      </nav>
      <PageHeading title="My reflection" />
      {!view ? (
        res.error ? (
          <ErrorNote message={res.error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p className="portal-lead">
            On the session of <time dateTime={view.sessionAt}>{formatLongDateTime(view.sessionAt, timeZone)}</time>.
          </p>
          <DoneNote message={done} />
          <section className="portal-section" aria-label="My reflection">
            <ReflectionForm
              key={`${view.reflection?.updatedAt ?? 'new'}-${view.pair.open}`}
              view={view}
              onSaved={(v, message) => {
                setLatest(v);
                setDone(message);
              }}
            />
          </section>
          <SealedNotice view={view} timeZone={timeZone} />
          {view.pair.open && view.reflection && !view.note ? <p className="muted">Your therapist has not shared a note on this session.</p> : null}
          <SideBySide view={view} timeZone={timeZone} />
        </>
      )}
    </div>
  );
}
