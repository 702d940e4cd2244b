/**
 * The practice report (SPEC §3 C9, issue 15): courses that ended in a period — outcomes by the NHS
 * Talking Therapies definitions, drop-out, sessions, the alliance and goal consensus — overall, by
 * therapist and by period, each rate beside its count and 95 % interval, a plain mark where too few
 * courses stand behind it, and what the practice's own data says with honest wording. The server
 * decides whose courses the caller sees; the page only asks. Prints on A4 (reports.css), and the
 * same figures download as CSV.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { PageHeading } from '../components/page-heading.tsx';
import { ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { useResource } from '../use-resource.ts';
import type { Comparison, Metrics, PracticeReport, Rate, ReportParams } from './api.ts';
import { reportsApi } from './api.ts';
import { RateChart } from './rate-chart.tsx';
import './reports.css';
import { ScrollBox } from '../components/scroll-box.tsx';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
const TYPE_LABEL: Readonly<Record<string, string>> = {
  magical: 'Magical',
  working: 'Working',
  therapeutic: 'Therapeutic',
  structuralizing: 'Structuralizing',
  mixed: 'Mixed',
  none: 'None',
};

function defaults(): ReportParams {
  const to = new Date().toISOString().slice(0, 10);
  return { from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to, grouping: 'quarter', therapistId: '' };
}

/** A rate as "12 of 40 · 30 % (17–46 %)", with "too few to read" in words where n is small. */
function RateCell({ r }: { r: Rate }) {
  if (r.of === 0) return <span className="muted">no courses</span>;
  return (
    <span className={r.small ? 'rate small' : 'rate'}>
      {r.count} of {r.of} · <strong>{pct(r.rate)}</strong>{' '}
      <span className="muted">
        ({pct(r.low)}–{pct(r.high)})
      </span>
      {r.small ? <span className="too-few"> too few to read</span> : null}
    </span>
  );
}

const ROWS: readonly [keyof Metrics, string][] = [
  ['reliableImprovement', 'Reliable improvement'],
  ['recovery', 'Recovery'],
  ['reliableRecovery', 'Reliable recovery'],
  ['reliableDeterioration', 'Reliable deterioration'],
  ['dropOut', 'Drop-out'],
  ['earlyAgreement', 'Alliance agreed by session 3'],
  ['agreedMatchesInferred', 'Agreed type = inferred'],
];

function MetricsTable({ m, caption }: { m: Metrics; caption: string }) {
  return (
    <ScrollBox label={caption}>
      <table className="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Courses · rate (95 % interval)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Courses ended</th>
            <td>
              {m.ended} ({m.finished} finished treatment, ≥ 2 sessions)
            </td>
          </tr>
          <tr>
            <th scope="row">Mean attended sessions</th>
            <td>{m.meanSessions ?? '–'}</td>
          </tr>
          {ROWS.map(([k, label]) => (
            <tr key={k}>
              <th scope="row">{label}</th>
              <td>
                <RateCell r={m[k] as Rate} />
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Goal consensus (mean)</th>
            <td>
              {m.goalConsensus.mean === null ? (
                <span className="muted">no active goals</span>
              ) : (
                `${pct(m.goalConsensus.mean)} over ${m.goalConsensus.courses} ${m.goalConsensus.courses === 1 ? 'course' : 'courses'}`
              )}
            </td>
          </tr>
        </tbody>
      </table>
    </ScrollBox>
  );
}

function BreakdownTable({ caption, first, rows }: { caption: string; first: string; rows: { label: string; m: Metrics }[] }) {
  return (
    <ScrollBox label={caption}>
      <table className="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="num">
              Ended
            </th>
            <th scope="col" className="num">
              Mean sessions
            </th>
            <th scope="col">Drop-out</th>
            <th scope="col">Reliable improvement</th>
            <th scope="col">Recovery</th>
            <th scope="col">Reliable recovery</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.m.ended}</td>
              <td className="num">{r.m.meanSessions ?? '–'}</td>
              <td>
                <RateCell r={r.m.dropOut} />
              </td>
              <td>
                <RateCell r={r.m.reliableImprovement} />
              </td>
              <td>
                <RateCell r={r.m.recovery} />
              </td>
              <td>
                <RateCell r={r.m.reliableRecovery} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function ComparisonCard({ c }: { c: Comparison }) {
  return (
    <article className="card comparison">
      <h3>{c.question}</h3>
      <RateChart title={c.outcome === 'drop_out' ? 'Drop-out' : 'Reliable improvement'} rows={c.groups.map((g) => ({ label: g.label, rate: g.rate }))} />
      <p>{c.reading}</p>
    </article>
  );
}

function Report({ r }: { r: PracticeReport }) {
  const names = new Map(r.therapists.map((t) => [t.id, t.name]));
  const o = r.overall;
  return (
    <>
      <p className="report-basis">
        Courses that ended from {r.from} to {r.to}
        {r.scope === 'therapists' ? ` · ${r.therapists.map((t) => t.name).join(', ') || 'your courses'}` : ' · the whole practice'} · generated{' '}
        {r.generatedAt.slice(0, 16).replace('T', ' ')} UTC
      </p>
      {o.ended < r.smallN ? (
        <div className="small-warning" role="note">
          <strong>Too few courses to read.</strong> Only {o.ended} {o.ended === 1 ? 'course' : 'courses'} ended in this period. Rates over fewer than {r.smallN}{' '}
          courses swing widely by chance and are marked “too few to read”; read the counts, not the percentages.
        </div>
      ) : (
        <InfoNote>Rates over fewer than {r.smallN} courses are marked “too few to read”. Each interval is a 95 % Wilson interval.</InfoNote>
      )}
      <section aria-labelledby="overall-title">
        <h2 id="overall-title">Overall</h2>
        <div className="report-columns">
          <MetricsTable m={o} caption="Outcomes and engagement" />
          <RateChart title="Rates with their 95 % intervals (* too few to read)" rows={ROWS.map(([k, label]) => ({ label, rate: o[k] as Rate }))} />
        </div>
      </section>
      <section aria-labelledby="therapist-title">
        <h2 id="therapist-title">By therapist</h2>
        {r.byTherapist.length ? (
          <BreakdownTable
            caption="By therapist"
            first="Therapist"
            rows={r.byTherapist.map((t) => ({ label: names.get(t.therapistId) ?? 'Former colleague', m: t.metrics }))}
          />
        ) : (
          <p className="muted">No courses ended in this period.</p>
        )}
      </section>
      <section aria-labelledby="period-title">
        <h2 id="period-title">By period</h2>
        {r.byPeriod.length ? (
          <>
            <BreakdownTable caption={`By ${r.grouping}`} first="Period" rows={r.byPeriod.map((p) => ({ label: p.period, m: p.metrics }))} />
            <RateChart title="Reliable improvement by period" rows={r.byPeriod.map((p) => ({ label: p.period, rate: p.metrics.reliableImprovement }))} />
          </>
        ) : (
          <p className="muted">No courses ended in this period.</p>
        )}
      </section>
      <section aria-labelledby="alliance-title">
        <h2 id="alliance-title">Alliance overview</h2>
        <div className="report-columns">
          <ScrollBox label="Type agreed last in each course">
            <table className="report-table">
              <caption>Type agreed last in each course</caption>
              <thead>
                <tr>
                  <th scope="col">Agreed type</th>
                  <th scope="col" className="num">
                    Courses
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.alliance.agreedTypes.map((t) => (
                  <tr key={t.type}>
                    <th scope="row">{t.type === 'none' ? 'No agreement' : TYPE_LABEL[t.type]}</th>
                    <td className="num">{t.courses}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <ScrollBox label="Agreed type against the type inferred last">
            <table className="report-table">
              <caption>Agreed type against the type inferred last</caption>
              <thead>
                <tr>
                  <th scope="col">Agreed</th>
                  <th scope="col">Inferred</th>
                  <th scope="col" className="num">
                    Courses
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.alliance.agreedVsInferred.length ? (
                  r.alliance.agreedVsInferred.map((a) => (
                    <tr key={`${a.agreed}-${a.inferred}`} className={a.agreed === a.inferred ? 'match' : undefined}>
                      <td>{TYPE_LABEL[a.agreed]}</td>
                      <td>{a.inferred === 'none' ? 'Not enough evidence' : TYPE_LABEL[a.inferred]}</td>
                      <td className="num">{a.courses}</td>
                    </tr>
                  ))
                ) : (
                  <tr>
                    <td colSpan={3} className="muted">
                      No agreed alliances in this period.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </ScrollBox>
        </div>
      </section>
      <section aria-labelledby="insight-title">
        <h2 id="insight-title">What this practice’s own data says</h2>
        <p className="muted">
          Each comparison sets two or more groups of this practice’s ended courses side by side. A difference whose interval excludes zero is an association in
          past courses, not evidence that one thing causes the other.
        </p>
        <div className="comparisons">
          {r.comparisons.map((c) => (
            <ComparisonCard key={c.id} c={c} />
          ))}
        </div>
      </section>
      <section className="definitions" aria-labelledby="def-title">
        <h2 id="def-title">Definitions</h2>
        <p className="small">
          NHS Talking Therapies definitions: caseness PHQ-9 ≥ 10 or GAD-7 ≥ 8; reliable change PHQ-9 ≥ 6 points, GAD-7 ≥ 4. Reliable improvement: a reliable
          fall on at least one measure and a reliable rise on none, of finished courses (≥ 2 attended sessions) with a first and a last score. Recovery: at
          caseness at the first measure and below both cut-offs at the last, of finished courses at caseness at the start; reliable recovery: both. Drop-out:
          the ending was unplanned or a drop-out, of all ended courses. Alliance agreed by session 3: an agreement confirmed by the 3rd attended session. Intake
          divergence: the first pair of Expectations checks diverge (distance ≥ 0.35 or different dominant types).
        </p>
      </section>
    </>
  );
}

export function PracticeReportPage() {
  const [params, setParams] = useState<ReportParams>(defaults);
  const [draft, setDraft] = useState<ReportParams>(params);
  const report = useResource(() => reportsApi.practice(params), [params.from, params.to, params.grouping, params.therapistId]);
  const [therapists, setTherapists] = useState<{ id: string; name: string }[]>([]);
  // The therapist choices come from the unfiltered report (whoever the caller may see).
  useEffect(() => {
    if (report.data && !params.therapistId) setTherapists(report.data.therapists);
  }, [report.data, params.therapistId]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft);
  };
  return (
    <div className="practice-report">
      <PageHeading title="Practice report">
        <div className="heading-actions no-print">
          <a className="button secondary" href={reportsApi.csvHref(params)} download>
            Download CSV
          </a>
          <button type="button" className="button secondary" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </PageHeading>
      <form className="inline-form report-filters no-print" onSubmit={apply} aria-label="Report period and filters">
        <TextField label="From" type="date" value={draft.from} required onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <TextField label="To" type="date" value={draft.to} required onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <SelectField
          label="Periods"
          value={draft.grouping}
          onChange={(e) => setDraft({ ...draft, grouping: e.target.value as ReportParams['grouping'] })}
          options={[
            { value: 'month', label: 'Months' },
            { value: 'quarter', label: 'Quarters' },
            { value: 'year', label: 'Years' },
          ]}
        />
        {therapists.length > 1 ? (
          <SelectField
            label="Therapist"
            value={draft.therapistId}
            onChange={(e) => setDraft({ ...draft, therapistId: e.target.value })}
            options={[{ value: '', label: 'Everyone I may see' }, ...therapists.map((t) => ({ value: t.id, label: t.name }))]}
          />
        ) : null}
        <button type="submit" className="button">
          Show
        </button>
      </form>
      <ErrorNote message={report.error} />
      {report.loading && !report.data ? <Loading what="Loading the report" /> : report.data ? <Report r={report.data} /> : null}
    </div>
  );
}
