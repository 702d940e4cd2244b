/**
 * Answering a proposed agreement (SPEC §3 C3): the other side confirms it in words or declines it.
 * The client answers in the portal; the therapist answers a client's proposal, or records the
 * client's words said in session when the proposal is the therapist's own. One form, a visible
 * field for the words, and the error beside it; confirming needs words, declining does not.
 */
import type { ReactNode } from 'react';
import { TextArea } from '../components/field.tsx';
import { FormProblem, useSubmit, fieldText } from '../use-submit.ts';
import type { Agreement } from './api.ts';
import { allianceApi } from './api.ts';
import { WhenField, occurredAtOf } from '../components/when-field.tsx';
import { usePracticeZone } from '../session.tsx';

export type AnswerWords = {
  /** The form's accessible name. */
  name: string;
  words: string;
  hint?: string;
  /** Said beside the field when confirming without words. */
  missing: string;
  confirm: string;
  decline: string;
  confirmed: string;
  declined: string;
};

/** The form is the whole card: `children` (what is proposed) first, then the words and the two answers. */
export function AnswerAgreementForm({
  courseId,
  agreement,
  text,
  onDone,
  dated = false,
  children,
}: {
  courseId: string;
  agreement: Agreement;
  text: AnswerWords;
  onDone: (m: string) => void;
  /** The therapist's form: asks when the answer was given (a client's answer is dated by the server). */
  dated?: boolean;
  children: ReactNode;
}) {
  const timeZone = usePracticeZone();
  const { error, busy, submit } = useSubmit(async (e) => {
    const confirm = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') !== 'decline';
    const f = new FormData(e.currentTarget);
    const words = fieldText(f, 'words');
    const occurredAt = dated ? occurredAtOf(f, timeZone) : undefined;
    if (confirm && !words) throw new FormProblem(text.missing);
    if (confirm) await allianceApi.confirmAgreement(courseId, agreement.id, words, occurredAt);
    else await allianceApi.declineAgreement(courseId, agreement.id, words || undefined, occurredAt);
    onDone(confirm ? text.confirmed : text.declined);
  });
  return (
    <form className="agreement-card" aria-label={text.name} onSubmit={(e) => void submit(e)} noValidate>
      {children}
      <TextArea label={text.words} name="words" rows={2} maxLength={2000} error={error} {...(text.hint ? { hint: text.hint } : {})} />
      {dated ? <WhenField /> : null}
      <div className="button-row">
        <button type="submit" name="answer" value="confirm" className="button primary" disabled={busy}>
          {text.confirm}
        </button>{' '}
        <button type="submit" name="answer" value="decline" className="button secondary" disabled={busy}>
          {text.decline}
        </button>
      </div>
    </form>
  );
}
