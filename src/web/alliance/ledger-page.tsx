/**
 * The alliance ledger of a client's course (SPEC §3 C2, C3): the agreed alliance beside the
 * inferred one with the evidence behind it, the timeline of the whole course, the two sides'
 * expectations side by side (to take into the next session), and the story of the course —
 * agreements, shifts with their reasons, goals. The therapist proposes and confirms here; a
 * supervisor reads.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatCalendarDate } from '../dates.ts';
import { PrintButton, PrintFrame } from '../components/print-frame.tsx';
import { AllianceTypesExplained } from './alliance-types.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit, fieldText } from '../use-submit.ts';
import { TextArea } from '../components/field.tsx';
import { WhenField, occurredAtOf } from '../components/when-field.tsx';
import { usePracticeZone } from '../session.tsx';
import { AnswerAgreementForm } from './agreement-forms.tsx';
import type { AnswerWords } from './agreement-forms.tsx';
import type { Agreement, AllianceSummary, AllianceType, EvidenceItem, ExpectationsState, Goals, Ledger } from './api.ts';
import { CERTAINTY_WORDS } from '../../domain/alliance/inference.ts';
import { allianceDefaults } from '../../domain/alliance/settings.ts';
import { ExpectationsForm } from './expectations-form.tsx';
import { ALLIANCE_STYLE, allianceApi, dominantLabel } from './api.ts';
import { AllianceTimeline } from './timeline.tsx';
import { measuresApi } from '../measures/api.ts';
import type { MeasureSeries } from '../measures/api.ts';
import { ExpectationsComparisonView } from './expectations-view.tsx';
import { GasLine, GoalActions, ProposeGoalForm } from './goal-forms.tsx';
import { CueText } from '../cues/cue-text.tsx';
import '../cues/cues.css';
import './alliance.css';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';

const TYPES = Object.keys(ALLIANCE_STYLE) as AllianceType[];
const day = (iso: string) => formatCalendarDate(iso.slice(0, 10), 'short');

/** Where an evidence item's source is shown: goals and expectations on this page, a session in its row on the client page. */
export function evidenceHref(source: { type: string; id: string }, clientId?: string): string | undefined {
  if (source.type === 'goal') return `#goal-${source.id}`;
  if (source.type === 'expectations_response') return '#expectations';
  if (source.type === 'session' && clientId) return sessionHref(clientId, source.id);
  return undefined;
}

/** A session's row on the client page (session-table.tsx gives each row this anchor). */
export const sessionHref = (clientId: string, sessionId: string): string => `/clients/${encodeURIComponent(clientId)}#session-${sessionId}`;

export function EvidenceList({ items, clientId, weights = true }: { items: readonly EvidenceItem[]; clientId?: string; weights?: boolean }) {
  return (
    <ol className="evidence-list">
      {items.map((e, k) => {
        const href = e.source && evidenceHref(e.source, clientId);
        return (
          <li key={k}>
            <span className={`evidence-type type-${e.type}`} title={ALLIANCE_STYLE[e.type].label}>
              {ALLIANCE_STYLE[e.type].letter}
            </span>{' '}
            {e.label}
            {e.quote ? (
              <>
                {' '}
                — <q>{e.quote}</q>
              </>
            ) : null}
            {weights ? (
              <>
                {' '}
                <span className="muted">
                  ({e.weight > 0 ? '+' : ''}
                  {e.weight.toFixed(2)})
                </span>
              </>
            ) : e.weight < 0 ? (
              <span className="muted"> (counts against)</span>
            ) : null}
            {href ? (
              <>
                {' '}
                <a href={href}>source</a>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function DistributionBars({ distribution, label }: { distribution: Readonly<Record<AllianceType, number>>; label: string }) {
  return (
    <dl className="dist-bars" aria-label={label}>
      {TYPES.map((t) => (
        <div key={t} className="dist-row">
          <dt>{ALLIANCE_STYLE[t].label}</dt>
          <dd>
            <span className={`bar type-${t}`} style={{ width: `${Math.round(distribution[t] * 100)}%` }} /> {Math.round(distribution[t] * 100)} %
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ProposeAgreement({ courseId, inForce, onDone }: { courseId: string; inForce: boolean; onDone: (m: string) => void }) {
  const [reasonError, setReasonError] = useState<string | null>(null);
  const timeZone = usePracticeZone();
  const { error, submit } = useSubmit(async (e) => {
    const form = e.currentTarget;
    const f = new FormData(form);
    setReasonError(null);
    const reason = fieldText(f, 'reason');
    const occurredAt = occurredAtOf(f, timeZone);
    // A missing reason is said beside its field, not above the form.
    if (inForce && !reason) {
      setReasonError('Say why the work changes: every shift carries its reason.');
      return;
    }
    await allianceApi.proposeAgreement(courseId, {
      statement: fieldText(f, 'statement'),
      allianceType: f.get('type') as AllianceType,
      frequency: f.get('frequency') as 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: Number(f.get('sessions')) },
      ...(reason ? { reason } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    });
    form.reset();
    form.closest('details')?.removeAttribute('open');
    onDone(
      inForce
        ? 'The shift was proposed; it comes into force when the client confirms it.'
        : 'The agreement was proposed; it comes into force when the client confirms it.',
    );
  });
  return (
    <details className="propose">
      <summary>{inForce ? 'Propose a shift' : 'Propose an agreement'}</summary>
      <form aria-label={inForce ? 'Propose a shift' : 'Propose an agreement'} onSubmit={(e) => void submit(e)}>
        <ErrorNote message={error} />
        <label>
          What you will work on, in plain words
          <textarea name="statement" required rows={2} />
        </label>
        <label>
          Alliance
          <select name="type" defaultValue="working">
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {ALLIANCE_STYLE[t].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Frequency
          <select name="frequency" defaultValue="weekly">
            <option value="weekly">Weekly</option>
            <option value="twice_weekly">Twice weekly</option>
            <option value="fortnightly">Fortnightly</option>
            <option value="monthly">Monthly</option>
            <option value="as_needed">As needed</option>
          </select>
        </label>
        <label>
          Review after (sessions)
          <input name="sessions" type="number" min={1} max={200} defaultValue={6} />
        </label>
        {inForce ? <TextArea label="Why the shift" name="reason" rows={2} maxLength={2000} error={reasonError} /> : null}
        <WhenField />
        <button type="submit" className="button primary">
          Propose
        </button>
      </form>
    </details>
  );
}

const CLIENT_PROPOSAL: AnswerWords = {
  name: 'Answer the client’s proposal',
  words: 'Your answer, in your words',
  missing: 'Write your confirmation in your own words.',
  confirm: 'Confirm',
  decline: 'Decline',
  confirmed: 'You confirmed the client’s proposal; it is in force.',
  declined: 'You declined the client’s proposal.',
};
const SAID_IN_SESSION: AnswerWords = {
  name: 'Record the client’s answer said in session',
  words: 'The client’s words, said in session',
  hint: 'The client can also answer in the portal. Record here what they said in session, in their own words.',
  missing: 'Write the client’s words of confirmation, as they said them in session.',
  confirm: 'Record the client’s confirmation',
  decline: 'Record the client’s decline',
  confirmed: 'The client’s confirmation is recorded; the agreement is in force.',
  declined: 'The client’s decline is recorded.',
};

/**
 * A proposal waiting for an answer: the client's, for the therapist to confirm or decline; or the
 * therapist's own, which the client answers in the portal or the therapist records from the session.
 */
function PendingAgreement({ courseId, agreement, onDone }: { courseId: string; agreement: Agreement; onDone: (m: string) => void }) {
  const theirs = agreement.proposedBy === 'client';
  return (
    <AnswerAgreementForm courseId={courseId} agreement={agreement} text={theirs ? CLIENT_PROPOSAL : SAID_IN_SESSION} onDone={onDone} dated>
      <p>{theirs ? 'The client proposes' : `You proposed ${agreement.supersedes ? 'a shift' : 'an agreement'}; it waits for the client’s answer`}:</p>
      <blockquote>{agreement.terms.statement}</blockquote>
      {agreement.reason ? <p className="muted">Why: {agreement.reason}</p> : null}
    </AnswerAgreementForm>
  );
}

const ROUND_REASON: Readonly<Record<string, string>> = {
  intake: 'at intake',
  cadence: `after every ${allianceDefaults.expectations.everyAttendedSessions} attended sessions`,
};

/**
 * The therapist's own side of the Expectations check (SPEC §3 C2), prompted when a round is due:
 * answered blind — whether the client has answered is said, never what — and compared below once
 * both have answered.
 */
function MyExpectations({ courseId, state, onDone }: { courseId: string; state: ExpectationsState; onDone: (m: string) => void }) {
  if (!state.due.due) return null;
  return (
    <section aria-labelledby="my-expectations-title" className="my-expectations no-print">
      <h2 id="my-expectations-title">Your side of the Expectations check</h2>
      <p>
        <strong>Due now</strong> ({ROUND_REASON[state.due.reason] ?? state.due.reason}).{' '}
        {state.otherSideAnswered ? 'The client has answered; their answers stay hidden until you have answered yours.' : 'The client has not answered yet.'}{' '}
        Each side answers without seeing the other’s; both are shown side by side once both have answered.
      </p>
      <ExpectationsForm courseId={courseId} state={state} submitLabel="Save my answers" onDone={() => onDone('Your answers were saved.')} dated />
    </section>
  );
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** How sure the inference is, in plain words; with too little evidence, what is still missing. */
function HowSure({ inferred }: { inferred: AllianceSummary['inferred'] }) {
  const min = allianceDefaults.inference;
  const so = `${plural(inferred.pieces, 'piece', 'pieces')} of evidence of ${plural(inferred.kinds, 'kind', 'kinds')}`;
  if (inferred.certainty === 'not_enough_evidence') {
    return (
      <p className="how-sure">
        <strong>Not enough evidence yet</strong> to say which alliance is in force: a reading needs at least {min.minimumEvidencePieces} pieces of evidence (an
        Expectations check, a goal, the client’s words, a pattern in attendance or symptoms) of {min.minimumEvidenceKinds} different kinds. So far: {so}.
      </p>
    );
  }
  return (
    <p className="how-sure">
      How sure: <strong>{CERTAINTY_WORDS[inferred.certainty]}</strong> — from {so}.
    </p>
  );
}

function Story({
  ledger,
  goals,
  edit,
}: {
  ledger: Ledger;
  goals: Goals;
  edit?: { courseId: string; onDone: (m: string) => void; done: string | null } | undefined;
}) {
  /** " (entered on …)" when an entry was recorded a day or more after it happened (records dated when they happened). */
  const entered = (agreementId: string, kind: 'proposal' | 'confirmation' | 'decline') => {
    const e = ledger.entries.find((x) => x.agreementId === agreementId && x.kind === kind);
    return e?.recordedAt && Date.parse(e.recordedAt) - Date.parse(e.at) >= 86_400_000 ? <span className="muted"> (entered on {day(e.recordedAt)})</span> : null;
  };
  return (
    <section aria-labelledby="story-title" className="story">
      <h2 id="story-title">The story of the course</h2>
      <ol className="story-list">
        {ledger.agreements.map((a) => (
          <li key={a.id} className={`story-item status-${a.status}`}>
            <span className={`evidence-type type-${a.terms.allianceType}`}>{ALLIANCE_STYLE[a.terms.allianceType].letter}</span>{' '}
            <strong>{a.supersedes ? 'Shift' : 'Agreement'}</strong> ({ALLIANCE_STYLE[a.terms.allianceType].label}, {a.terms.frequency.replace('_', ' ')})
            proposed by the {a.proposedBy} on {day(a.proposedAt)}
            {entered(a.id, 'proposal')}: “{a.terms.statement}”{a.reason ? <div className="muted">Why: {a.reason}</div> : null}
            <div>
              {a.confirmation ? (
                <>
                  Confirmed by the {a.confirmation.by}
                  {a.confirmation.recordedBy !== a.confirmation.by ? ' (words recorded in session)' : ''} on {day(a.confirmation.at)}
                  {entered(a.id, 'confirmation')}: <q>{a.confirmation.words}</q>
                </>
              ) : null}
              {a.decline ? (
                <>
                  Declined by the {a.decline.by}
                  {a.decline.recordedBy !== a.decline.by ? ' (words recorded in session)' : ''} on {day(a.decline.at)}
                  {a.decline.words ? (
                    <>
                      : <q>{a.decline.words}</q>
                    </>
                  ) : null}
                </>
              ) : null}
              {a.status === 'pending' ? <em>Waiting for the {a.proposedBy === 'therapist' ? 'client' : 'therapist'} to confirm.</em> : null}
              {a.status === 'superseded' ? <span className="muted"> Superseded on {day(a.supersededAt ?? '')}.</span> : null}
              {a.reviewDue ? <strong> Review due.</strong> : null}
            </div>
          </li>
        ))}
        {ledger.agreements.length === 0 ? <li className="muted">No agreement yet.</li> : null}
      </ol>
      <h3 id="goals">Goals</h3>
      <p className="muted">
        Goal consensus: {goals.consensus.consensus === undefined ? '—' : `${Math.round(goals.consensus.consensus * 100)} %`} ({goals.consensus.agreed} of{' '}
        {goals.consensus.active} active goals agreed)
      </p>
      <p className="gas-score">
        Course GAS T-score: <strong>{goals.gasTScore !== null ? goals.gasTScore.toFixed(0) : '—'}</strong>{' '}
        <span className="muted">
          {goals.gasTScore !== null
            ? '(50 = every scaled goal at the expected level; each step of 10 is about one level above or below)'
            : '(no agreed goal has an attainment scale with a level yet)'}
        </span>
      </p>
      {goals.goals.some((g) => g.cues?.length) ? (
        <p className="muted">Highlighted words are prompts for reflection, not verdicts: hover or focus one to see why.</p>
      ) : null}
      {edit ? <DoneNote message={edit.done} /> : null}
      {edit ? <ProposeGoalForm courseId={edit.courseId} onDone={edit.onDone} /> : null}
      <ul className="goal-list">
        {goals.goals.map((g) => (
          <li key={g.id} id={`goal-${g.id}`} className={`goal state-${g.state}`}>
            <span className={`evidence-type type-${g.allianceType}`}>{ALLIANCE_STYLE[g.allianceType].letter}</span>{' '}
            <q>{g.cues?.length ? <CueText text={g.text} cues={g.cues} /> : g.text}</q>{' '}
            <span className="muted">
              — {g.author}’s goal, {g.focusLabel}; {g.state} (proposed {day(g.proposedAt)}
              {g.agreement ? `, agreed ${day(g.agreement.at)}` : ''}
              {g.closure ? `, ${g.closure.state} ${day(g.closure.at)}` : ''})
            </span>
            {g.agreement ? (
              <div className="muted">
                Agreed in the {g.agreement.by}’s words{g.agreement.recordedBy !== g.agreement.by ? ' (recorded in session)' : ''}: <q>{g.agreement.words}</q>
              </div>
            ) : null}
            {g.closure?.note ? <div className="muted">Note: {g.closure.note}</div> : null}
            {g.ratings.length ? <div className="muted">Progress: {g.ratings.map((r) => `${r.value}/10`).join(' → ')}</div> : null}
            <GasLine goal={g} />
            {edit ? <GoalActions courseId={edit.courseId} goal={g} onDone={edit.onDone} /> : null}
          </li>
        ))}
        {goals.goals.length === 0 ? <li className="muted">No goal yet.</li> : null}
      </ul>
    </section>
  );
}

/** The ledger page of one client (the current course, or the latest). */
export function AllianceLedgerPage({ clientId }: { clientId: string }) {
  const client = useResource(() => api.client(clientId), [clientId]);
  const courses = useResource(() => api.courses(clientId), [clientId]);
  const course = courses.data
    ? (courses.data.find((k) => k.status !== 'ended') ?? [...courses.data].sort((a, b) => b.startedOn.localeCompare(a.startedOn))[0])
    : undefined;
  const courseId = course?.id ?? '';
  const [tick, setTick] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const data = useResource(
    async () =>
      courseId
        ? Promise.all([
            allianceApi.summary(courseId),
            allianceApi.timeline(courseId),
            allianceApi.ledger(courseId),
            allianceApi.goals(courseId),
            allianceApi.compare(courseId),
            allianceApi.expectations(courseId),
          ])
        : undefined,
    [courseId, tick],
  );
  // The score lines above the timeline's bands; without measures (or access to them) the timeline still stands.
  const scores = useResource(() => measuresApi.scores(clientId).catch(() => [] as MeasureSeries[]), [clientId, tick]);
  // What the course says the caller may do there: answer their side, propose and answer agreements, work on goals.
  const can = course?.can;
  const changed = (m: string) => {
    setDone(m);
    setTick((t) => t + 1);
  };
  const [goalDone, setGoalDone] = useState<string | null>(null);
  const goalChanged = (m: string) => {
    setGoalDone(m);
    setTick((t) => t + 1);
  };

  if (!client.data || !courses.data)
    return (
      <>
        <PageHeading title="Alliance ledger" />
        {client.error ? <ErrorNote message={client.error} /> : <Loading />}
      </>
    );
  if (!course)
    return (
      <>
        <PageHeading title={`Alliance ledger — ${client.data.name}`} />
        <p className="muted">No course of therapy yet.</p>
      </>
    );
  const [summary, timeline, ledger, goals, compare, mine] = data.data ?? [];
  const live = course.status !== 'ended';
  const answering = !!can?.['expectations:answer'] && live && mine !== undefined;
  return (
    <PrintFrame clientName={client.data.name}>
      <div className="alliance-page">
        <ClientBreadcrumb className="breadcrumb no-print" clientId={clientId} name={client.data.name} here="Alliance ledger" />
        <PageHeading title={`Alliance ledger — ${client.data.name}`}>
          <PrintButton />
        </PageHeading>
        <p className="muted">
          Course started {formatCalendarDate(course.startedOn)}
          {course.endedOn ? `, ended ${formatCalendarDate(course.endedOn)} (${course.endReason?.replace('_', ' ') ?? ''})` : ''} ·{' '}
          {course.frequency.replace('_', ' ')} · {course.phase} phase
        </p>
        <DoneNote message={done} />
        <ErrorNote message={data.error} />
        {!summary || !timeline || !ledger || !goals || !compare ? (
          <Loading />
        ) : (
          <>
            {answering ? <MyExpectations courseId={courseId} state={mine} onDone={changed} /> : null}
            <section aria-labelledby="now-title" className="alliance-now">
              <h2 id="now-title">Agreed and inferred, now</h2>
              <div className="now-grid">
                <div className="now-card">
                  <h3>Agreed</h3>
                  {summary.agreed ? (
                    <p>
                      <span className={`evidence-type type-${summary.agreed.terms.allianceType}`}>
                        {ALLIANCE_STYLE[summary.agreed.terms.allianceType].letter}
                      </span>{' '}
                      <strong>{ALLIANCE_STYLE[summary.agreed.terms.allianceType].label}</strong>: “{summary.agreed.terms.statement}”
                    </p>
                  ) : (
                    <p className="muted">No agreement in force.</p>
                  )}
                  <p className="muted">
                    Attendance: <strong>{summary.attendance.pattern.replace('_', ' ')}</strong> ({summary.attendance.attended} of {summary.attendance.counted}{' '}
                    attended)
                  </p>
                </div>
                <div className="now-card">
                  <h3>Inferred: {dominantLabel(summary.inferred.dominant)}</h3>
                  <HowSure inferred={summary.inferred} />
                  <details className="inference-details">
                    <summary>Details: shares and weights</summary>
                    {summary.inferred.dominant === 'not_enough_evidence' ? (
                      <p className="muted">Too little evidence for these shares to mean anything yet.</p>
                    ) : null}
                    <DistributionBars distribution={summary.inferred.distribution} label="Inferred alliance" />
                    <EvidenceList items={summary.inferred.evidence} clientId={clientId} />
                  </details>
                </div>
              </div>
              {summary.inferred.evidence.length ? (
                <>
                  <h3>What drives the inference</h3>
                  <EvidenceList items={summary.inferred.evidence.slice(0, 8)} clientId={clientId} weights={false} />
                </>
              ) : null}
              {summary.findings.length ? (
                <div className="findings">
                  <h3>Worth talking about</h3>
                  <ul>
                    {summary.findings.map((f) => (
                      <li key={f.dedupeKey}>
                        <strong>{f.title}.</strong> {f.summary} <div className="muted">{f.suggestedConversation}</div>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </section>
            <AllianceTypesExplained />
            <section aria-labelledby="timeline-title" className="timeline-section">
              <h2 id="timeline-title">Timeline</h2>
              <AllianceTimeline
                timeline={timeline}
                scores={scores.data ?? []}
                evidenceHref={(src) => evidenceHref(src, clientId)}
                sessionHref={(id) => sessionHref(clientId, id)}
              />
            </section>
            <section aria-labelledby="expectations-title" id="expectations">
              <h2 id="expectations-title">Expectations, side by side</h2>
              <ExpectationsComparisonView rounds={compare.rounds} latest={compare.latest} />
            </section>
            {can?.['alliance:propose'] && live ? (
              <section aria-labelledby="act-title" className="no-print">
                <h2 id="act-title">Agreements</h2>
                {ledger.agreements
                  .filter((a) => a.status === 'pending')
                  .map((a) => (
                    <PendingAgreement key={a.id} courseId={courseId} agreement={a} onDone={changed} />
                  ))}
                <ProposeAgreement key={ledger.inForce?.id ?? 'none'} courseId={courseId} inForce={!!ledger.inForce} onDone={changed} />
              </section>
            ) : null}
            {/* Goal actions hold both sides' steps (agree, rate) and the therapist's own (achieve, revise, scale). */}
            <Story
              ledger={ledger}
              goals={goals}
              edit={can?.['alliance:propose'] && can['alliance:write'] && live ? { courseId, onDone: goalChanged, done: goalDone } : undefined}
            />
          </>
        )}
      </div>
    </PrintFrame>
  );
}
