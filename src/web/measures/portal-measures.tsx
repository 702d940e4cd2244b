/**
 * The portal's measures (SPEC §3 C4): what is due now, answerable on a phone in under a minute,
 * with the crisis information shown at once after a safety answer; and the client's own progress
 * in plain words with a simple chart.
 */
import { useEffect, useRef, useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';
import { useResource } from '../use-resource.ts';
import type { DueMeasure, SubmitResult } from './api.ts';
import { measuresApi } from './api.ts';
import { CrisisPanel } from './crisis-panel.tsx';
import { ProgressChart } from './progress-chart.tsx';
import { Questionnaire } from './questionnaire.tsx';
import { plainName, progressForClient } from './words.ts';
import './measures.css';

const minutes = (d: DueMeasure) => (d.instrument.items.length <= 4 ? 'under a minute' : 'about a minute');

/** The questionnaire a reminder's link names (`/portal?answer=phq9`), opened at once when it is due. */
function linkedCode(): string | null {
  return new URLSearchParams(window.location.search).get('answer');
}

function DueNow({ ctx }: { ctx: PortalContext }) {
  const due = useResource(() => measuresApi.due(ctx.client.id), [ctx.client.id]);
  const [open, setOpen] = useState<DueMeasure | null>(null);
  const [crisis, setCrisis] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const thanks = useRef<HTMLDivElement>(null);
  const followedLink = useRef(false);
  const openedByLink = useRef(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const code = linkedCode();
    if (followedLink.current || !code || !due.data) return;
    followedLink.current = true;
    const d = due.data.find((x) => x.instrumentCode === code);
    if (d) {
      openedByLink.current = true;
      setOpen(d);
    }
  }, [due.data]);

  // Opened from a reminder's link: the questionnaire comes to the top of the screen, its first
  // question in view, whatever sits above it on the page.
  useEffect(() => {
    if (!open || !openedByLink.current) return;
    openedByLink.current = false;
    box.current?.scrollIntoView({ block: 'start' });
  }, [open]);

  // The thank-you is brought into view and focused, so the client sees at once that it was saved
  // (the crisis panel takes focus itself when there is one).
  useEffect(() => {
    if (!done || crisis) return;
    thanks.current?.scrollIntoView({ block: 'center' });
    thanks.current?.focus({ preventScroll: true });
  }, [done, crisis]);

  const sent = (d: DueMeasure, r: SubmitResult) => {
    setOpen(null);
    if (r.crisis) setCrisis(r.crisis.info);
    setDone(`Thank you — your ${d.instrument.title} answers were saved. Your therapist will look at them with you.`);
    void due.reload();
  };

  if (open) {
    return (
      <div className="portal-questionnaire" ref={box}>
        <h3>{open.instrument.title}</h3>
        <Questionnaire
          def={open.instrument}
          onCancel={() => setOpen(null)}
          onSent={(r) => sent(open, r)}
          send={(answers) =>
            measuresApi.submit(ctx.client.id, {
              instrumentCode: open.instrumentCode,
              answers,
              courseId: open.courseId,
              sessionId: open.sessionId,
              scheduleId: open.scheduleId,
            })
          }
        />
      </div>
    );
  }
  return (
    <>
      {crisis ? <CrisisPanel info={crisis} therapistName={ctx.client.therapistName} /> : null}
      <div ref={thanks} tabIndex={-1} className="thanks-anchor">
        <DoneNote message={done} />
      </div>
      <ErrorNote message={due.error} />
      {!due.data ? (
        due.error ? null : (
          <Loading />
        )
      ) : due.data.length === 0 ? (
        <p>Nothing to fill in right now.</p>
      ) : (
        <ul className="due-list">
          {due.data.map((d) => (
            <li key={d.scheduleId + (d.sessionId ?? '')} className="due-item">
              <div>
                <p className="due-title">{d.instrument.title}</p>
                <p className="muted">
                  {d.reason} · {d.instrument.items.length} questions, {minutes(d)}
                </p>
              </div>
              <button
                type="button"
                className="button primary big"
                onClick={() => {
                  setDone(null);
                  setOpen(d);
                }}
              >
                Answer<span className="visually-hidden"> {d.instrument.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Progress({ ctx }: { ctx: PortalContext }) {
  const scores = useResource(async () => {
    const [setting, series] = await Promise.all([measuresApi.portalScores(ctx.client.id), measuresApi.ownScores(ctx.client.id)]);
    return { hidden: setting.hidden, series };
  }, [ctx.client.id]);
  const shown = (scores.data?.series ?? []).filter((s) => s.caseness !== null && s.points.length > 0);
  if (scores.error) return <ErrorNote message={scores.error} />;
  if (!scores.data) return <Loading />;
  if (scores.data.hidden)
    return <p>Your therapist goes through how things are changing with you in your sessions, so your answers are not shown as scores here.</p>;
  if (!shown.length) return <p>Once you have answered a few questionnaires, you will see how things are changing here.</p>;
  return (
    <>
      {shown.map((s) => (
        <div key={s.code} className="portal-progress">
          <p>{progressForClient(s)}</p>
          <ProgressChart series={s} timeZone={ctx.timeZone} what={plainName(s)} />
        </div>
      ))}
      <p className="muted">Scores go up and down from week to week; your therapist looks at the whole picture with you.</p>
    </>
  );
}

export const measuresDueSection: PortalSection = {
  id: 'measures-due',
  title: 'Questionnaires',
  shows: (ctx) => ctx.current !== undefined && ctx.current.status !== 'ended' && ctx.current.can['measures:submit'],
  Component: DueNow,
};

export const progressSection: PortalSection = {
  id: 'progress',
  title: 'How things are changing',
  shows: (ctx) => ctx.current !== undefined,
  Component: Progress,
};
