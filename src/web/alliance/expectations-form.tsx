/**
 * One side's Expectations check (SPEC §3 C2), answered blind: the statements of the caller's own
 * version rated 0–4, and the free text. One form for both places — the client's portal and the
 * therapist's ledger page; the server gives each side its own wording and refuses the other side.
 */
import { ErrorNote } from '../components/notice.tsx';
import { useSubmit, fieldText } from '../use-submit.ts';
import type { ExpectationsState } from './api.ts';
import { allianceApi } from './api.ts';
import { WhenField, occurredAtOf } from '../components/when-field.tsx';
import { usePracticeZone } from '../session.tsx';

export function ExpectationsForm({
  courseId,
  state,
  submitLabel,
  onDone,
  dated = false,
}: {
  courseId: string;
  state: ExpectationsState;
  submitLabel: string;
  onDone: () => void;
  /** The therapist's form: asks when the check was answered (the client's is dated by the server). */
  dated?: boolean;
}) {
  const timeZone = usePracticeZone();
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const answers = Object.fromEntries(state.instrument.statements.map((s) => [s.id, Number(f.get(s.id))]));
    await allianceApi.answerExpectations(courseId, answers, fieldText(f, 'freeText') || undefined, dated ? occurredAtOf(f, timeZone) : undefined);
    onDone();
  });
  return (
    <form className="expectations-form" onSubmit={(e) => void submit(e)} aria-label={state.instrument.title}>
      <p>{state.instrument.instructions}</p>
      <ErrorNote message={error} />
      {state.instrument.statements.map((s) => (
        <fieldset key={s.id}>
          <legend>{s.text}</legend>
          <div className="scale">
            {state.scale.map((o) => (
              <label key={o.value}>
                <input type="radio" name={s.id} value={o.value} required /> {o.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <label>
        {state.instrument.freeTextQuestion}
        <textarea name="freeText" rows={3} />
      </label>
      {dated ? <WhenField /> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
