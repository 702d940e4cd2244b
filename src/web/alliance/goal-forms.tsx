/**
 * The therapist's goal work on the ledger page (SPEC §3 C2): propose a goal in plain words with
 * its focus; agree to a client's proposal, or record the client's agreement to one's own in the
 * client's words said in session; mark a goal achieved, revise or drop it with a note; record the
 * client's progress rating 0–10 given in session; set up Goal Attainment Scaling and record the
 * attained level −2…+2. Each form says what went wrong next to it; the page reloads the ledger
 * after every change so the inference, the alerts and the GAS T-score are current.
 */
import { formatCalendarDate } from '../dates.ts';
import type { ReactNode } from 'react';
import { SelectField, TextArea, TextField } from '../components/field.tsx';
import { ErrorNote } from '../components/notice.tsx';
import { GOAL_FOCI, GOAL_FOCUS_LABELS } from '../../domain/alliance/goals.ts';
import type { GasLevelKey, GoalFocus, GoalView } from './api.ts';
import { allianceApi } from './api.ts';
import { FormProblem, useSubmit, fieldText } from '../use-submit.ts';
import { WhenField, occurredAtOf } from '../components/when-field.tsx';
import { usePracticeZone } from '../session.tsx';

const FOCUS_OPTIONS = GOAL_FOCI.map((f) => ({ value: f, label: GOAL_FOCUS_LABELS[f] }));
export const GAS_LEVELS: readonly { key: GasLevelKey; value: number; label: string }[] = [
  { key: '-2', value: -2, label: '−2 much less than expected' },
  { key: '-1', value: -1, label: '−1 somewhat less than expected' },
  { key: '0', value: 0, label: '0 the expected outcome' },
  { key: '1', value: 1, label: '+1 somewhat more than expected' },
  { key: '2', value: 2, label: '+2 much more than expected' },
];
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** One small form: runs `send` with the form's data, shows its error beside it, reports success upward. */
function GoalForm({
  label,
  submit,
  send,
  onDone,
  dated = true,
  children,
}: {
  label: string;
  submit: string;
  send: (f: FormData, occurredAt: string | undefined) => Promise<string>;
  onDone: (m: string) => void;
  /** A step that happens at a time (all but setting up the scale): asks when it happened. */
  dated?: boolean;
  children: ReactNode;
}) {
  const timeZone = usePracticeZone();
  const {
    error,
    busy,
    submit: run,
  } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    onDone(await send(f, dated ? occurredAtOf(f, timeZone) : undefined));
  });
  return (
    <form className="goal-form" aria-label={label} onSubmit={(e) => void run(e)} noValidate>
      <ErrorNote message={error} />
      {children}
      {dated ? <WhenField /> : null}
      <button type="submit" className="button secondary small" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}

/** Something the form can tell before asking the server (shown as it is). */
class Missing extends FormProblem {}
const text = fieldText;
function need(value: string, what: string): string {
  if (!value) throw new Missing(what);
  return value;
}

export function ProposeGoalForm({ courseId, onDone }: { courseId: string; onDone: (m: string) => void }) {
  return (
    <details className="propose no-print">
      <summary>Propose a goal</summary>
      <GoalForm
        label="Propose a goal"
        submit="Propose the goal"
        onDone={onDone}
        send={async (f, occurredAt) => {
          await allianceApi.proposeGoal(courseId, need(text(f, 'text'), 'Write the goal in a few words.'), f.get('focus') as GoalFocus, occurredAt);
          return 'The goal was proposed; it counts as agreed once the client agrees.';
        }}
      >
        <TextArea label="The goal, in plain words" name="text" rows={2} required maxLength={2000} />
        <SelectField label="What it is about" name="focus" options={FOCUS_OPTIONS} defaultValue="skill" />
      </GoalForm>
    </details>
  );
}

/** What the assigned therapist can do with one goal, by its state. */
export function GoalActions({ courseId, goal, onDone }: { courseId: string; goal: GoalView; onDone: (m: string) => void }) {
  if (goal.state !== 'proposed' && goal.state !== 'agreed') return null;
  const scale = goal.gas;
  return (
    <details className="goal-actions no-print">
      <summary>
        Work on this goal<span className="visually-hidden">: {goal.text}</span>
      </summary>
      <div className="goal-forms">
        {goal.state === 'proposed' ? (
          <GoalForm
            label="Agree to the goal"
            submit={goal.author === 'client' ? 'Agree' : 'Record the client’s agreement'}
            onDone={onDone}
            send={async (f, occurredAt) => {
              await allianceApi.agreeGoal(courseId, goal.id, need(text(f, 'words'), 'Write the words of agreement.'), occurredAt);
              return 'The goal is agreed.';
            }}
          >
            <TextArea
              name="words"
              rows={2}
              required
              maxLength={2000}
              label={goal.author === 'client' ? 'Your agreement, in your words' : 'The client’s agreement, in the client’s words said in session'}
            />
          </GoalForm>
        ) : null}
        {goal.state === 'agreed' ? (
          <>
            <GoalForm
              label="Record progress"
              submit="Record progress"
              onDone={onDone}
              send={async (f, occurredAt) => {
                const value = Number(need(text(f, 'value'), 'Choose a rating from 0 to 10.'));
                await allianceApi.rateGoal(courseId, goal.id, value, occurredAt);
                return `Progress ${value}/10 recorded.`;
              }}
            >
              <SelectField
                label="The client’s progress rating, given in session (0 none, 10 fully there)"
                name="value"
                defaultValue=""
                options={[{ value: '', label: 'Choose…' }, ...Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) }))]}
              />
            </GoalForm>
            {scale ? (
              <GoalForm
                label="Record the attained GAS level"
                submit="Record the level"
                onDone={onDone}
                send={async (f, occurredAt) => {
                  const level = Number(need(text(f, 'level'), 'Choose a level from −2 to +2.'));
                  await allianceApi.recordGasLevel(courseId, goal.id, level, occurredAt);
                  return `GAS level ${signed(level)} recorded.`;
                }}
              >
                <SelectField
                  label="Attained level (Goal Attainment Scaling)"
                  name="level"
                  defaultValue=""
                  options={[
                    { value: '', label: 'Choose…' },
                    ...GAS_LEVELS.map((l) => ({
                      value: String(l.value),
                      label: scale.descriptions?.[l.key] ? `${l.label}: ${scale.descriptions[l.key]}` : l.label,
                    })),
                  ]}
                />
              </GoalForm>
            ) : null}
          </>
        ) : null}
        <GoalForm
          label="Set up attainment scaling"
          submit={scale ? 'Save the scale' : 'Scale this goal'}
          onDone={onDone}
          dated={false}
          send={async (f) => {
            const weight = Number(text(f, 'weight') || '1');
            if (!Number.isFinite(weight) || weight <= 0)
              throw new Missing('The weight is a positive number (1 unless this goal matters more or less than the others).');
            const descriptions = Object.fromEntries(GAS_LEVELS.map((l) => [l.key, text(f, `gas${l.key}`)]).filter(([, v]) => v)) as Partial<
              Record<GasLevelKey, string>
            >;
            await allianceApi.setGasScale(courseId, goal.id, { weight, ...(Object.keys(descriptions).length ? { descriptions } : {}) });
            return 'The attainment scale is saved.';
          }}
        >
          <fieldset className="gas-scale">
            <legend>Goal Attainment Scaling: what each level would look like (optional)</legend>
            {GAS_LEVELS.map((l) => (
              <TextField key={l.key} label={l.label} name={`gas${l.key}`} defaultValue={scale?.descriptions?.[l.key] ?? ''} maxLength={500} />
            ))}
            <TextField label="Weight" name="weight" type="number" min={0.1} step={0.1} defaultValue={String(scale?.weight ?? 1)} className="short" />
          </fieldset>
        </GoalForm>
        {goal.state === 'agreed' ? (
          <GoalForm
            label="Mark the goal achieved"
            submit="Mark achieved"
            onDone={onDone}
            send={async (f, occurredAt) => {
              const note = text(f, 'note');
              await allianceApi.closeGoal(courseId, goal.id, 'achieve', note || undefined, occurredAt);
              return 'The goal is marked achieved.';
            }}
          >
            <TextArea label="Note on achieving it (optional)" name="note" rows={1} maxLength={2000} />
          </GoalForm>
        ) : null}
        {goal.state === 'agreed' ? (
          <GoalForm
            label="Revise the goal"
            submit="Revise"
            onDone={onDone}
            send={async (f, occurredAt) => {
              const note = text(f, 'note');
              await allianceApi.reviseGoal(courseId, goal.id, {
                text: need(text(f, 'text'), 'Write the revised goal in a few words.'),
                focus: f.get('focus') as GoalFocus,
                ...(note ? { note } : {}),
                ...(occurredAt ? { occurredAt } : {}),
              });
              return 'The goal was revised; the new wording waits for the client’s agreement.';
            }}
          >
            <TextArea label="The revised goal, in plain words" name="text" rows={2} required maxLength={2000} defaultValue={goal.text} />
            <SelectField label="What it is about" name="focus" options={FOCUS_OPTIONS} defaultValue={goal.focus} />
            <TextArea label="Why it changes (optional)" name="note" rows={1} maxLength={2000} />
          </GoalForm>
        ) : null}
        <GoalForm
          label="Drop the goal"
          submit="Drop"
          onDone={onDone}
          send={async (f, occurredAt) => {
            const note = text(f, 'note');
            await allianceApi.closeGoal(courseId, goal.id, 'drop', note || undefined, occurredAt);
            return 'The goal was dropped.';
          }}
        >
          <TextArea label="Why it is dropped (optional)" name="note" rows={1} maxLength={2000} />
        </GoalForm>
      </div>
    </details>
  );
}

/** The goal's attainment scale and its latest level, in one line. */
export function GasLine({ goal }: { goal: GoalView }) {
  if (!goal.gas) return null;
  const latest = goal.gas.attainments.at(-1);
  return (
    <div className="muted">
      Attainment scaling (weight {goal.gas.weight}):{' '}
      {latest ? (
        <>
          level <strong>{signed(latest.level)}</strong> on {formatCalendarDate(latest.at.slice(0, 10), 'short')}
        </>
      ) : (
        'no level recorded yet'
      )}
      {goal.gas.attainments.length > 1 ? <> ({goal.gas.attainments.map((a) => signed(a.level)).join(' → ')})</> : null}
    </div>
  );
}
