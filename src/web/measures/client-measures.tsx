/**
 * Measures on the client's page (SPEC §3 C4): a chart per instrument, what is due, entering
 * answers given in session or on paper (marked as such), corrections that keep the original,
 * the history of responses, and the course's schedule. Supervisors read; only the assigned
 * therapist enters, corrects and schedules.
 */
import { useState } from 'react';
import { ApiError, messageOf } from '../api.ts';
import type { CourseWithSessions } from '../api.ts';
import { SelectField, TextField } from '../components/field.tsx';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { formatDay } from '../dates.ts';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { CADENCES } from '../../domain/measures/schedule.ts';
import type { Cadence } from '../../domain/measures/schedule.ts';
import type { Answers, InstrumentDefinition, ResponseView, SubmitResult } from './api.ts';
import { measuresApi } from './api.ts';
import { MeasureChart } from './measure-chart.tsx';
import { ExpectedReading, expectedOverlay } from '../reports/expected-path.tsx';
import { reportsApi } from '../reports/api.ts';
import '../reports/reports.css';
import { Questionnaire } from './questionnaire.tsx';
import { cadenceInWords } from './words.ts';
import './measures.css';
import { ScrollBox } from '../components/scroll-box.tsx';

type Entry = { def: InstrumentDefinition; sessionId: string | null; scheduleId: string | null; correcting?: ResponseView };

const SOURCE_WORDS: Record<string, string> = { portal: 'Portal', in_session: 'In session', paper: 'Paper', import: 'Imported' };

function EntryForm({
  clientId,
  course,
  entry,
  timeZone,
  onDone,
  onCancel,
}: {
  clientId: string;
  course: CourseWithSessions;
  entry: Entry;
  timeZone: string;
  onDone(r: SubmitResult): void;
  onCancel(): void;
}) {
  const today = new Date().toISOString().slice(0, 10);
  const [source, setSource] = useState<'in_session' | 'paper'>(entry.correcting?.source === 'paper' ? 'paper' : 'in_session');
  const [date, setDate] = useState(entry.correcting ? entry.correcting.completedAt.slice(0, 10) : today);
  const [sessionId, setSessionId] = useState(entry.sessionId ?? entry.correcting?.sessionId ?? '');
  const sessions = course.sessions
    .filter((s) => s.status === 'attended' || s.status === 'scheduled')
    .slice()
    .reverse();
  const [dateError, setDateError] = useState<string | null>(null);
  const send = async (answers: Answers) => {
    // Answered today: the server stamps the time. An earlier day: midday, within the course.
    const at = date === today ? {} : { completedAt: new Date(`${date}T12:00:00Z`).toISOString() };
    setDateError(null);
    try {
      return await measuresApi.submit(clientId, {
        instrumentCode: entry.def.code,
        answers,
        courseId: course.id,
        source,
        ...at,
        sessionId: sessionId || null,
        ...(entry.scheduleId ? { scheduleId: entry.scheduleId } : {}),
        ...(entry.correcting ? { supersedes: entry.correcting.id } : {}),
      });
    } catch (e) {
      if (e instanceof ApiError && e.field === 'completedAt') {
        setDateError(e.message);
        throw new ApiError(e.status, e.code, 'Please check the date answered.', e.details);
      }
      throw e;
    }
  };
  return (
    <div className="card entry-form">
      <h3>{entry.correcting ? `Correct ${entry.def.title} of ${formatDay(entry.correcting.completedAt, timeZone)}` : `Enter ${entry.def.title}`}</h3>
      {entry.correcting ? <InfoNote>The original answers stay in the record; this correction replaces them in charts and rules.</InfoNote> : null}
      <Questionnaire
        def={entry.def}
        initial={entry.correcting?.answers}
        submitLabel={entry.correcting ? 'Save the correction' : 'Save answers'}
        send={send}
        onSent={onDone}
        onCancel={onCancel}
      >
        <fieldset className="inline-checks">
          <legend>How were the answers given?</legend>
          <label className="check">
            <input type="radio" name="source" checked={source === 'in_session'} onChange={() => setSource('in_session')} /> In session
          </label>
          <label className="check">
            <input type="radio" name="source" checked={source === 'paper'} onChange={() => setSource('paper')} /> On paper
          </label>
        </fieldset>
        <div className="form-row">
          <TextField
            label="Date answered"
            type="date"
            value={date}
            min={course.startedOn}
            max={course.endedOn && course.endedOn < today ? course.endedOn : today}
            error={dateError}
            onChange={(e) => {
              setDate(e.target.value);
              setDateError(null);
            }}
            required
          />
          <SelectField
            label="Session (optional)"
            value={sessionId}
            onChange={(e) => setSessionId(e.target.value)}
            options={[
              { value: '', label: 'Not tied to a session' },
              ...sessions.map((s) => ({ value: s.id, label: `${formatDay(s.startsAt, timeZone)}${s.status === 'scheduled' ? ' (booked)' : ''}` })),
            ]}
          />
        </div>
      </Questionnaire>
    </div>
  );
}

function ScheduleEditor({ course, catalogue, canEdit }: { course: CourseWithSessions; catalogue: InstrumentDefinition[]; canEdit: boolean }) {
  const schedules = useResource(() => measuresApi.schedules(course.id), [course.id]);
  const [code, setCode] = useState(catalogue[0]?.code ?? 'phq9');
  const [cadence, setCadence] = useState<Cadence>('before_every_session');
  const [everyN, setEveryN] = useState('2');
  const {
    error,
    setError,
    submit: add,
  } = useSubmit(async () => {
    await measuresApi.addSchedule(course.id, { instrumentCode: code, cadence, everyN: cadence === 'every_n_sessions' ? Number(everyN) : null });
    await schedules.reload();
  });
  // Stopping a schedule leaves an earlier message standing until it fails itself (not `run`, which clears it first).
  const remove = async (id: string) => {
    try {
      await measuresApi.removeSchedule(course.id, id);
      await schedules.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="schedule-editor">
      <h3>Schedule</h3>
      {!schedules.data ? (
        <Loading />
      ) : schedules.data.length === 0 ? (
        <p className="muted">Nothing scheduled for this course.</p>
      ) : (
        <ul className="schedule-list">
          {schedules.data.map((s) => (
            <li key={s.id}>
              <span>
                <strong>{s.instrumentTitle}</strong> · {cadenceInWords(s.cadence, s.everyN)}
              </span>
              {canEdit ? (
                <button type="button" className="button link-like" onClick={() => void remove(s.id)}>
                  Stop
                  <span className="visually-hidden">
                    {' '}
                    {s.instrumentTitle} {cadenceInWords(s.cadence, s.everyN)}
                  </span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <form className="form-row no-print" onSubmit={(e) => void add(e)}>
          <SelectField
            label="Instrument"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            options={catalogue.map((d) => ({ value: d.code, label: d.title }))}
          />
          <SelectField
            label="When"
            value={cadence}
            onChange={(e) => setCadence(e.target.value as Cadence)}
            options={CADENCES.map((c) => ({ value: c, label: cadenceInWords(c, null) }))}
          />
          {cadence === 'every_n_sessions' ? (
            <TextField
              label="Every how many sessions"
              type="number"
              min={1}
              max={52}
              value={everyN}
              onChange={(e) => setEveryN(e.target.value)}
              className="short"
            />
          ) : null}
          <button type="submit" className="button secondary">
            Add to schedule
          </button>
        </form>
      ) : null}
      <ErrorNote message={error} />
    </div>
  );
}

/**
 * `canAssign` (measures:assign) and `canEnter` (measures:submit) are what the client record says the
 * caller may do; `onSaved` hears of answers saved (the page's Alerts section looks again).
 */
export function ClientMeasures({
  clientId,
  courses,
  canAssign,
  canEnter,
  timeZone,
  onSaved,
}: {
  clientId: string;
  courses: CourseWithSessions[];
  canAssign: boolean;
  canEnter: boolean;
  timeZone: string;
  onSaved?: () => void;
}) {
  const scores = useResource(() => measuresApi.scores(clientId), [clientId]);
  const responses = useResource(() => measuresApi.responses(clientId), [clientId]);
  const due = useResource(() => measuresApi.due(clientId), [clientId]);
  const catalogue = useResource(async () => (await measuresApi.instruments()).map((e) => e.definition), []);
  const courseForPath = [...courses].sort((a, b) => b.startedOn.localeCompare(a.startedOn)).find((c) => c.status !== 'ended') ?? courses[0];
  // The course against the practice's expected path (issue 15); the server answers 404 to those it shows none.
  const expected = useResource(async () => (courseForPath ? reportsApi.expected(courseForPath.id) : null), [courseForPath?.id, scores.data]);
  const [entry, setEntry] = useState<Entry | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pick, setPick] = useState('phq9');
  const course = [...courses].sort((a, b) => b.startedOn.localeCompare(a.startedOn)).find((c) => c.status !== 'ended') ?? courses[0];
  const latestDefs = new Map((catalogue.data ?? []).map((d) => [d.code, d]));
  const defs = [...latestDefs.values()];

  const saved = (r: SubmitResult) => {
    setEntry(null);
    const raised = r.alertsRaised?.length ? ` Raised: ${r.alertsRaised.map((k) => k.replaceAll('_', ' ')).join(', ')} — see Alerts.` : '';
    setDone(
      `${r.response.instrumentTitle} saved${r.response.total !== null ? ` (total ${r.response.total}${r.response.band ? `, ${r.response.band.label}` : ''})` : ''}.${raised}`,
    );
    void scores.reload();
    void responses.reload();
    void due.reload();
    onSaved?.();
  };
  const series = (scores.data ?? []).slice().sort((a, b) => (a.respondent === b.respondent ? 0 : a.respondent === 'client' ? -1 : 1));

  return (
    <section className="client-measures" aria-labelledby="measures-title">
      <h2 id="measures-title">Measures</h2>
      <DoneNote message={done} />
      {entry && course ? (
        <EntryForm clientId={clientId} course={course} entry={entry} timeZone={timeZone} onDone={saved} onCancel={() => setEntry(null)} />
      ) : null}
      {canEnter && course && course.status !== 'ended' && !entry ? (
        <div className="card no-print">
          <h3>Due now</h3>
          {!due.data ? (
            <Loading />
          ) : due.data.length === 0 ? (
            <p className="muted">Nothing due.</p>
          ) : (
            <ul className="due-list compact">
              {due.data.map((d) => (
                <li key={d.scheduleId + (d.sessionId ?? '')} className="due-item">
                  <span>
                    <strong>{d.instrument.title}</strong> · {d.reason}
                    {d.instrument.respondent === 'therapist' ? ' (your rating)' : ''}
                  </span>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setEntry({ def: d.instrument, sessionId: d.sessionId, scheduleId: d.scheduleId })}
                  >
                    Enter<span className="visually-hidden"> {d.instrument.title}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {defs.length ? (
            <div className="inline-form">
              <SelectField
                label="Enter answers given in session or on paper"
                value={pick}
                onChange={(e) => setPick(e.target.value)}
                options={defs.map((d) => ({ value: d.code, label: d.title }))}
              />
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  const def = latestDefs.get(pick);
                  if (def) setEntry({ def, sessionId: null, scheduleId: null });
                }}
              >
                Enter answers
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <ErrorNote message={scores.error} />
      {!scores.data ? (
        <Loading what="Loading measures" />
      ) : series.length === 0 ? (
        <p className="muted">No measures yet.</p>
      ) : (
        <div className="chart-grid">
          {series
            .filter((s) => !(s.code === 'session_check_therapist' && series.some((c) => c.code === 'session_check')))
            .map((s) => {
              // PHQ-9 and GAD-7: the course's expected path behind its scores, the reading under them.
              const one = expected.data?.instruments.find((i) => i.code === s.code && i.series.length > 0);
              return (
                <MeasureChart
                  key={s.code}
                  series={s}
                  timeZone={timeZone}
                  companion={s.code === 'session_check' ? series.find((c) => c.code === 'session_check_therapist') : undefined}
                  expected={expectedOverlay(one, courseForPath, s.points)}
                  footer={one ? <ExpectedReading one={one} /> : null}
                />
              );
            })}
        </div>
      )}
      {course ? <ScheduleEditor course={course} catalogue={defs} canEdit={canAssign && course.status !== 'ended'} /> : null}
      {responses.data && responses.data.length ? (
        <details className="response-history">
          <summary>All responses ({responses.data.length})</summary>
          <ScrollBox label="All responses">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Instrument</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">How</th>
                  <th scope="col">Notes</th>
                  {canEnter ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {responses.data.map((r) => (
                  <tr key={r.id} className={r.supersededBy ? 'superseded' : undefined}>
                    <td className="nowrap">{formatDay(r.completedAt, timeZone)}</td>
                    <td>
                      {r.instrumentTitle} <span className="muted">v{r.instrumentVersion}</span>
                    </td>
                    <td className="num">
                      {r.total ?? '–'}
                      {r.band && r.band.label !== 'Session check total' ? <span className="muted"> {r.band.label}</span> : null}
                    </td>
                    <td>{SOURCE_WORDS[r.source]}</td>
                    <td>
                      {r.safetyFlagged ? <span className="badge badge-warn">Safety answer</span> : null}
                      {!r.valid ? <span className="badge badge-off">Not scored</span> : null}
                      {r.supersededBy ? <span className="badge badge-off">Corrected</span> : null}
                      {r.supersedes ? <span className="badge badge-ok">Correction</span> : null}
                    </td>
                    {canEnter ? (
                      <td>
                        {!r.supersededBy && latestDefs.get(r.instrumentCode) ? (
                          <button
                            type="button"
                            className="button link-like"
                            onClick={() => setEntry({ def: latestDefs.get(r.instrumentCode)!, sessionId: r.sessionId, scheduleId: null, correcting: r })}
                          >
                            Correct
                            <span className="visually-hidden">
                              {' '}
                              {r.instrumentTitle} of {formatDay(r.completedAt, timeZone)}
                            </span>
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </details>
      ) : null}
    </section>
  );
}
