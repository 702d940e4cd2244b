/**
 * The client's part of the ledger in the portal (SPEC §3 C2, C3): an agreement the therapist
 * proposed, to confirm in one's own words or decline, or one's own suggestion of what to work on; one's goals — propose, withdraw one's own
 * proposal, agree to the therapist's in one's own words, rate progress; and the Expectations check when it is due, answered blind, with both sides' answers
 * side by side once both have answered.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';
import { useResource } from '../use-resource.ts';
import { useSubmit, fieldText } from '../use-submit.ts';
import type { GoalFocus } from './api.ts';
import { allianceApi } from './api.ts';
import { GOAL_FOCI, GOAL_FOCUS_LABELS } from '../../domain/alliance/goals.ts';
import { ExpectationsForm } from './expectations-form.tsx';
import { AnswerAgreementForm } from './agreement-forms.tsx';
import { SelectField, TextArea } from '../components/field.tsx';
import type { AllianceType } from './api.ts';
import type { Frequency } from '../../domain/people.ts';
import { FREQUENCIES, FREQUENCY_LABELS } from '../../domain/people.ts';
import type { AnswerWords } from './agreement-forms.tsx';
import { ExpectationsComparisonView } from './expectations-view.tsx';
import './alliance.css';

const ANSWER: AnswerWords = {
  name: 'Agreement to confirm',
  words: 'In your own words, is this right for you?',
  missing: 'Write in a few words whether this is right for you.',
  confirm: 'Confirm the agreement',
  decline: 'Decline',
  confirmed: 'Thank you — the agreement is confirmed in your words.',
  declined: 'You declined the proposal; your therapist will see your answer and talk it over with you.',
};

/** What a client's own proposal is mainly about, in her words; each is one of the four alliances (docs/alliance.md). */
const ABOUT: readonly { value: AllianceType; label: string }[] = [
  { value: 'working', label: 'Handling one particular thing better (a decision, a conflict, a loss)' },
  { value: 'therapeutic', label: 'Understanding patterns in myself that keep repeating' },
  { value: 'structuralizing', label: 'Keeping the changes and managing on my own' },
  { value: 'magical', label: 'Things around me changing, or quick relief' },
];

/**
 * The client proposes what the two work on (SPEC §2: the client proposes and confirms); while an
 * agreement is in force it is a change, with her reason. Her therapist confirms or declines it.
 */
function SuggestAgreement({ courseId, frequency, inForce, onDone }: { courseId: string; frequency: Frequency; inForce: boolean; onDone: (m: string) => void }) {
  // What is missing is said beside its field; the server's refusal above the form.
  const [errors, setErrors] = useState<{ statement?: string; reason?: string }>({});
  const { error, submit } = useSubmit(async (e) => {
    const form = e.currentTarget;
    const f = new FormData(form);
    const statement = fieldText(f, 'statement');
    const reason = fieldText(f, 'reason');
    const missing = {
      ...(statement ? {} : { statement: 'Write in a few words what you would like to work on.' }),
      ...(inForce && !reason ? { reason: 'Say why you would like the change.' } : {}),
    };
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await allianceApi.proposeAgreement(courseId, {
      statement,
      allianceType: f.get('about') as AllianceType,
      frequency: f.get('frequency') as Frequency,
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
      ...(reason ? { reason } : {}),
    });
    form.reset();
    form.closest('details')?.removeAttribute('open');
    onDone('Your suggestion was sent to your therapist, who will confirm it or talk it over with you.');
  });
  const title = inForce ? 'Suggest a change to what we work on' : 'Suggest what we work on';
  return (
    <details>
      <summary>{title}</summary>
      <form aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
        <ErrorNote message={error} />
        <TextArea label="What I would like us to work on, in my words" name="statement" rows={2} maxLength={2000} error={errors.statement ?? null} />
        <SelectField label="It is mainly about" name="about" options={ABOUT} defaultValue="working" />
        <SelectField
          label="How often we meet"
          name="frequency"
          options={FREQUENCIES.map((q) => ({ value: q, label: FREQUENCY_LABELS[q] }))}
          defaultValue={frequency}
        />
        {inForce ? <TextArea label="Why I would like the change" name="reason" rows={2} maxLength={2000} error={errors.reason ?? null} /> : null}
        <button type="submit" className="button primary">
          Send to my therapist
        </button>
      </form>
    </details>
  );
}

function AgreementAndGoals({ ctx }: { ctx: PortalContext }) {
  const courseId = ctx.current!.id;
  const [tick, setTick] = useState(0);
  const ledger = useResource(() => allianceApi.ledger(courseId), [courseId, tick]);
  const goals = useResource(() => allianceApi.goals(courseId), [courseId, tick]);
  const [done, setDone] = useState<string | null>(null);
  const { error, setError, run } = useSubmit();
  const act = (fn: () => Promise<unknown>, message: string) =>
    run(async () => {
      await fn();
      setDone(message);
      setTick((t) => t + 1);
    });
  const [agreeError, setAgreeError] = useState<{ id: string; message: string } | null>(null);
  const agree = (id: string) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const words = fieldText(new FormData(e.currentTarget), 'words');
    setAgreeError(null);
    if (!words) {
      setAgreeError({ id, message: 'Write in a few words that you agree.' });
      return;
    }
    void act(() => allianceApi.agreeGoal(courseId, id, words), 'You agreed to the goal in your words.');
  };
  const answered = (m: string) => {
    setError(null);
    setDone(m);
    setTick((t) => t + 1);
  };
  const propose = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(() => allianceApi.proposeGoal(courseId, fieldText(f, 'text'), f.get('focus') as GoalFocus), 'Your goal was sent to your therapist.');
  };
  if (!ledger.data || !goals.data) return <Loading />;
  const inForce = ledger.data.inForce;
  return (
    <div className="portal-alliance">
      <DoneNote message={done} />
      <ErrorNote message={error ?? ledger.error ?? goals.error} />
      {ledger.data.awaiting.map((a) => (
        <AnswerAgreementForm key={a.id} courseId={courseId} agreement={a} text={ANSWER} onDone={answered}>
          <p>Your therapist proposes {a.supersedes ? 'a change to what you work on' : 'what you work on together'}:</p>
          <blockquote>{a.terms.statement}</blockquote>
          {a.reason ? <p className="muted">Why: {a.reason}</p> : null}
        </AnswerAgreementForm>
      ))}
      {inForce ? (
        <p>
          What we work on now: <strong>“{inForce.terms.statement}”</strong>
        </p>
      ) : null}
      {ledger.data.agreements
        .filter((a) => a.status === 'pending' && a.proposedBy === 'client')
        .map((a) => (
          <p key={a.id} className="muted">
            You suggested: “{a.terms.statement}” — waiting for your therapist.
          </p>
        ))}
      {ctx.current!.status !== 'ended' && ctx.current!.can['alliance:propose'] ? (
        <SuggestAgreement key={inForce?.id ?? 'none'} courseId={courseId} frequency={ctx.current!.frequency} inForce={!!inForce} onDone={answered} />
      ) : null}
      <h3>My goals</h3>
      <ul className="goal-list">
        {goals.data.goals
          .filter((g) => g.state === 'proposed' || g.state === 'agreed')
          .map((g) => (
            <li key={g.id}>
              <q>{g.text}</q>{' '}
              <span className="muted">
                ({g.state === 'agreed' ? 'agreed' : g.author === 'client' ? 'waiting for your therapist' : 'proposed by your therapist'})
              </span>{' '}
              {g.state === 'proposed' && g.author === 'client' ? (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => void act(() => allianceApi.closeGoal(courseId, g.id, 'drop'), 'You withdrew the goal.')}
                >
                  Withdraw<span className="visually-hidden"> the goal: {g.text}</span>
                </button>
              ) : null}
              {g.state === 'proposed' && g.author === 'therapist' ? (
                <form className="agree-goal" aria-label={`Agree to the goal: ${g.text}`} onSubmit={agree(g.id)} noValidate>
                  <TextArea
                    label="If this is right for you, say so in your own words"
                    name="words"
                    rows={2}
                    maxLength={2000}
                    error={agreeError?.id === g.id ? agreeError.message : null}
                  />
                  <button type="submit" className="button secondary small">
                    I agree
                  </button>
                </form>
              ) : null}
              {g.state === 'agreed' ? (
                <label className="progress">
                  How far along, 0–10?
                  <select
                    defaultValue=""
                    onChange={(e) => {
                      const v = Number(e.target.value);
                      if (e.target.value !== '') void act(() => allianceApi.rateGoal(courseId, g.id, v), 'Thank you — your rating was saved.');
                    }}
                  >
                    <option value="">choose</option>
                    {Array.from({ length: 11 }, (_, i) => (
                      // A string value: compat's defaultValue match is loose, and "" == 0 would pre-select 0.
                      <option key={i} value={String(i)}>
                        {i}
                      </option>
                    ))}
                  </select>
                  {g.ratings.length ? <span className="muted"> last: {g.ratings.at(-1)!.value}</span> : null}
                </label>
              ) : null}
            </li>
          ))}
      </ul>
      <details>
        <summary>Suggest a goal</summary>
        <form onSubmit={propose}>
          <label>
            My goal, in my words
            <textarea name="text" required rows={2} />
          </label>
          <label>
            It is about
            <select name="focus" defaultValue="skill">
              {GOAL_FOCI.map((f) => (
                <option key={f} value={f}>
                  {GOAL_FOCUS_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">
            Send to my therapist
          </button>
        </form>
      </details>
    </div>
  );
}

function ExpectationsCheck({ ctx }: { ctx: PortalContext }) {
  const courseId = ctx.current!.id;
  const [tick, setTick] = useState(0);
  const state = useResource(() => allianceApi.expectations(courseId), [courseId, tick]);
  // SPEC §2: the client reads the ledger; a round's comparison exists only once both have answered.
  const compare = useResource(() => allianceApi.compare(courseId), [courseId, tick]);
  const [done, setDone] = useState<string | null>(null);
  if (!state.data) return state.error ? <ErrorNote message={state.error} /> : <Loading />;
  const st = state.data;
  const latest = compare.data?.latest;
  return (
    <div className="portal-expectations">
      <DoneNote message={done} />
      {st.due.due ? (
        <ExpectationsForm
          courseId={courseId}
          state={st}
          submitLabel="Send my answers"
          onDone={() => {
            setDone('Thank you — your answers were saved. You will see your therapist’s answers beside yours once they have answered too.');
            setTick((t) => t + 1);
          }}
        />
      ) : !latest ? (
        <p className="muted">
          {st.mine.length
            ? 'Your therapist has not answered their side yet; you will see both side by side here once they have.'
            : 'Nothing to answer now. Every few sessions you and your therapist each say what you hope for from therapy; you will find the questions here when it is time.'}
        </p>
      ) : null}
      {latest?.comparison ? <ExpectationsComparisonView rounds={[latest]} latest={latest} viewer="client" /> : null}
    </div>
  );
}

export const expectationsSection: PortalSection = {
  id: 'expectations',
  title: 'What I hope for from therapy',
  shows: (ctx) => !!ctx.current && ctx.current.status !== 'ended' && ctx.current.can['expectations:answer'],
  Component: ExpectationsCheck,
};

export const agreementSection: PortalSection = {
  id: 'agreement',
  title: 'Our agreement and my goals',
  shows: (ctx) => !!ctx.current,
  Component: AgreementAndGoals,
};
