/**
 * The printable ending report (SPEC §3 C6). On screen a page; on paper A4 with a header on every
 * page (client, practice, date printed, "Confidential" — the table-header that Chromium repeats on
 * each printed page), page numbers in the page margin (ending.css), and values only: no form
 * controls, no navigation. The practice totals of the skills capability will join as a section
 * when it exists (`practiceTotals`); until then there is no such section at all.
 */
import { ErrorNote, Loading } from '../components/notice.tsx';
import { useResource } from '../use-resource.ts';
import { formatCalendarDate } from '../dates.ts';
import { FOLLOW_UP_LABELS } from '../../domain/ending/ending.ts';
import type { EndingReport } from './api.ts';
import { endingApi } from './api.ts';
import './ending.css';
import { ScrollBox } from '../components/scroll-box.tsx';

const OUTCOME: Readonly<Record<string, string>> = {
  reliable_improvement: 'Reliable improvement',
  reliable_deterioration: 'Reliable deterioration',
  no_reliable_change: 'No reliable change',
  insufficient_data: 'Not enough measures',
};
const STATE: Readonly<Record<string, string>> = { achieved: 'Achieved', agreed: 'Open at the end', dropped: 'Dropped', proposed: 'Proposed' };
const END_REASON: Readonly<Record<string, string>> = { planned: 'Planned ending', unplanned: 'Unplanned ending', drop_out: 'Drop-out' };
const ALLIANCE: Readonly<Record<string, string>> = {
  magical: 'Magical',
  working: 'Working',
  therapeutic: 'Therapeutic',
  structuralizing: 'Structuralizing',
  mixed: 'Mixed',
  not_enough_evidence: 'Not enough evidence',
};
const PHASE: Readonly<Record<string, string>> = { beginning: 'Beginning', middle: 'Middle', termination: 'Termination' };
const day = (iso: string) => formatCalendarDate(iso.slice(0, 10), 'short');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Report({ r }: { r: EndingReport }) {
  const printed = new Date().toISOString().slice(0, 10);
  const staff = r.alliance.inferredAtEnd !== undefined;
  return (
    <table className="ending-report-frame">
      <thead>
        <tr>
          <td>
            <div className="ending-report-header">
              <span>
                <strong>{r.clientName}</strong> · {r.practiceName}
              </span>
              <span>Printed {formatCalendarDate(printed, 'short')}</span>
              <strong className="confidential">Confidential</strong>
            </div>
          </td>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>
            <article className="ending-report">
              <h1>Ending report</h1>
              <dl className="facts inline">
                <div>
                  <dt>Course</dt>
                  <dd>
                    {formatCalendarDate(r.course.startedOn, 'short')} – {r.course.endedOn ? formatCalendarDate(r.course.endedOn, 'short') : 'ongoing'}
                  </dd>
                </div>
                <div>
                  <dt>Ending</dt>
                  <dd>{r.course.endReason ? END_REASON[r.course.endReason] : 'Not yet ended'}</dd>
                </div>
                <div>
                  <dt>Therapist</dt>
                  <dd>{r.therapistName}</dd>
                </div>
                <div>
                  <dt>Sessions attended</dt>
                  <dd>
                    {r.sessions.attended} of {r.sessions.counted}
                    {r.sessions.noShows ? ` (${r.sessions.noShows} missed)` : ''}
                  </dd>
                </div>
              </dl>

              {r.measures.length ? (
                <section aria-labelledby="report-scores">
                  <h2 id="report-scores">Scores: first and last</h2>
                  <ScrollBox label="Scores: first and last" className="table-scroll">
                    <table className="report-table">
                      <thead>
                        <tr>
                          <th scope="col">Measure</th>
                          <th scope="col">First</th>
                          <th scope="col">Last</th>
                          <th scope="col" className="num">
                            Change
                          </th>
                          <th scope="col">Reliable change</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.measures.map((m) => (
                          <tr key={m.code}>
                            <th scope="row">{m.title}</th>
                            <td>
                              {m.first.total} ({m.first.band}), {day(m.first.at)}
                            </td>
                            <td>
                              {m.last.total} ({m.last.band}), {day(m.last.at)}
                            </td>
                            <td className="num">{signed(m.change)}</td>
                            <td>
                              {OUTCOME[m.outcome] ?? m.outcome}
                              {m.reliableChange !== null ? ` (threshold ${m.reliableChange})` : ''}
                              {m.reliablyRecovered ? '; reliable recovery' : m.recovered ? '; recovery' : ''}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollBox>
                </section>
              ) : null}

              {r.goals.length ? (
                <section aria-labelledby="report-goals">
                  <h2 id="report-goals">Goals and their attainment</h2>
                  <ScrollBox label="Goals and their attainment" className="table-scroll">
                    <table className="report-table">
                      <thead>
                        <tr>
                          <th scope="col">Goal</th>
                          <th scope="col">Outcome</th>
                          <th scope="col" className="num">
                            Last progress (0–10)
                          </th>
                          <th scope="col" className="num">
                            GAS level
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.goals.map((g) => (
                          <tr key={g.id}>
                            <th scope="row">
                              {g.text}
                              <span className="muted"> · {g.focusLabel}</span>
                            </th>
                            <td>{STATE[g.state] ?? g.state}</td>
                            <td className="num">{g.lastRating ?? '—'}</td>
                            <td className="num">{g.gasLevel === null ? '—' : signed(g.gasLevel)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollBox>
                  {r.gasTScore !== null ? <p>GAS T-score at the end: {r.gasTScore.toFixed(1)} (50 = goals attained as expected).</p> : null}
                </section>
              ) : null}

              <section aria-labelledby="report-alliance">
                <h2 id="report-alliance">The alliance over the course</h2>
                {r.alliance.agreedAtEnd ? (
                  <p>
                    Agreed at the end: <strong>{ALLIANCE[r.alliance.agreedAtEnd.allianceType] ?? r.alliance.agreedAtEnd.allianceType}</strong> — “
                    {r.alliance.agreedAtEnd.statement}”
                  </p>
                ) : (
                  <p>No agreement was in force at the end.</p>
                )}
                {r.alliance.spans.length ? (
                  <ScrollBox label="Alliance spans" className="table-scroll">
                    <table className="report-table">
                      <thead>
                        <tr>
                          <th scope="col">Sessions</th>
                          <th scope="col">Phase</th>
                          <th scope="col">Agreed</th>
                          {staff ? <th scope="col">Inferred</th> : null}
                        </tr>
                      </thead>
                      <tbody>
                        {r.alliance.spans.map((s) => (
                          <tr key={s.from}>
                            <th scope="row">
                              {s.from === s.to ? day(s.from) : `${day(s.from)} – ${day(s.to)}`} ({s.sessions})
                            </th>
                            <td>{s.phase ? PHASE[s.phase] : '—'}</td>
                            <td>{s.agreed ? ALLIANCE[s.agreed] : '—'}</td>
                            {staff ? <td>{s.inferred ? (ALLIANCE[s.inferred] ?? s.inferred) : '—'}</td> : null}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollBox>
                ) : (
                  <p>No attended sessions were recorded.</p>
                )}
              </section>

              <section aria-labelledby="report-client-list" className="report-keep">
                <h2 id="report-client-list">What the client got out of therapy, in their words</h2>
                {r.ending.clientList ? (
                  <ol className="ending-list">
                    {r.ending.clientList.items.map((i, n) => (
                      <li key={n}>{i}</li>
                    ))}
                  </ol>
                ) : (
                  <p>The client did not write a list.</p>
                )}
              </section>

              <section aria-labelledby="report-summary">
                <h2 id="report-summary">Closing summary</h2>
                {r.ending.summary ? <p className="ending-summary">{r.ending.summary.text}</p> : <p>The closing summary has not been written.</p>}
              </section>

              {r.ending.followUp.state !== 'off' ? (
                <section aria-labelledby="report-follow-up" className="report-keep">
                  <h2 id="report-follow-up">Follow-up check</h2>
                  {r.ending.followUp.state === 'done' && r.ending.followUp.rating !== null ? (
                    <p>
                      Answered {day(r.ending.followUp.answeredAt ?? '')}: {FOLLOW_UP_LABELS[`${r.ending.followUp.rating}` as keyof typeof FOLLOW_UP_LABELS]}
                      {r.ending.followUp.words ? ` — “${r.ending.followUp.words}”` : ''}
                    </p>
                  ) : (
                    <p>
                      {r.ending.followUp.state === 'lapsed' ? 'Not answered; it was due from ' : 'Due from '}
                      {r.ending.followUp.dueOn ? formatCalendarDate(r.ending.followUp.dueOn, 'short') : '—'}.
                    </p>
                  )}
                </section>
              ) : null}
              {/* HOOK(skills): a "Practice" section from r.practiceTotals goes here once the skills capability exists; none until then. */}
              <p className="muted report-foot">
                Report generated {day(r.generatedAt)}. Scores, reliable change and GAS are computed by Accord’s measures and goals rules (docs/measures.md,
                docs/alliance.md).
              </p>
            </article>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function EndingReportPage({ courseId }: { courseId: string }) {
  const report = useResource(() => endingApi.report(courseId), [courseId]);
  if (!report.data) return report.error ? <ErrorNote message={report.error} /> : <Loading />;
  return (
    <>
      <p className="no-print">
        <button type="button" className="button secondary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </p>
      <Report r={report.data} />
    </>
  );
}
