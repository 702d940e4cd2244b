/**
 * Answering one instrument: every item a group of large radio buttons (a phone in one hand), a
 * running count, and one Send button once every item is answered. The answers go to the server
 * as they are; the reply decides what comes next — and when it carries crisis information, that
 * replaces the form at once (SPEC §5.1).
 *
 * A tap on an answer moves on to the next unanswered question (and after the last, to the Send
 * button), so a phone user never hunts for where they were. Only a pointer moves on: arrow keys
 * move between the answers of one question, and a keyboard user stays where they are.
 */
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ErrorNote } from '../components/notice.tsx';
import { useSubmit } from '../use-submit.ts';
import type { Answers, InstrumentDefinition, SubmitResult } from './api.ts';

type Props = {
  def: InstrumentDefinition;
  initial?: Answers;
  submitLabel?: string;
  /** Extra fields above the Send button (the therapist's source and date). */
  children?: ReactNode;
  send(answers: Answers): Promise<SubmitResult>;
  onSent(result: SubmitResult): void;
  onCancel?: () => void;
};

export function Questionnaire({ def, initial, submitLabel = 'Send my answers', children, send, onSent, onCancel }: Props) {
  const [answers, setAnswers] = useState<Answers>(initial ?? {});
  const answered = def.items.filter((i) => typeof answers[i.id] === 'number').length;
  const complete = answered === def.items.length || !def.scoring.requireAllItems;
  const { error, busy, submit } = useSubmit(async () => {
    onSent(await send(answers));
  });
  const items = useRef(new Map<number, HTMLFieldSetElement>());
  const sendButton = useRef<HTMLButtonElement>(null);
  const byPointer = useRef(false);

  const moveOn = (after: number, now: Answers) => {
    const next = def.items.findIndex((it, i) => i > after && typeof now[it.id] !== 'number');
    const behavior: ScrollBehavior = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    if (next >= 0) {
      const el = items.current.get(next);
      el?.scrollIntoView({ behavior, block: 'center' });
      el?.querySelector('input')?.focus({ preventScroll: true });
    } else if (def.items.every((it) => typeof now[it.id] === 'number')) {
      sendButton.current?.scrollIntoView({ behavior, block: 'center' });
      sendButton.current?.focus({ preventScroll: true });
    }
  };
  const choose = (n: number, itemId: string, value: number) => {
    const now = { ...answers, [itemId]: value };
    setAnswers(now);
    // After the render that enables Send once the last question is answered.
    if (byPointer.current) requestAnimationFrame(() => moveOn(n, now));
    byPointer.current = false;
  };

  return (
    // Not sent twice, nor before it is complete (Enter in a field submits even so).
    <form
      className="questionnaire"
      onKeyDown={() => {
        byPointer.current = false;
      }}
      onSubmit={(e) => {
        if (!complete || busy) e.preventDefault();
        else void submit(e);
      }}
      aria-label={def.title}
    >
      {def.instructions ? <p className="q-instructions">{def.instructions}</p> : null}
      {def.items.map((item, n) => {
        const wide = item.options.length > 5;
        return (
          <fieldset
            key={item.id}
            className={wide ? 'q-item scale' : 'q-item'}
            ref={(el) => {
              if (el) items.current.set(n, el);
              else items.current.delete(n);
            }}
          >
            <legend>
              <span className="q-number">{n + 1}.</span> {item.text}
            </legend>
            <div className="q-options">
              {item.options.map((o) => {
                const checked = answers[item.id] === o.value;
                return (
                  <label
                    key={o.value}
                    className={checked ? 'q-option checked' : 'q-option'}
                    onPointerDown={() => {
                      byPointer.current = true;
                    }}
                  >
                    <input type="radio" name={`${def.code}-${item.id}`} value={o.value} checked={checked} onChange={() => choose(n, item.id, o.value)} />
                    <span>{wide ? String(o.value) : o.label}</span>
                    {wide && o.label !== String(o.value) ? <span className="visually-hidden">{o.label}</span> : null}
                  </label>
                );
              })}
            </div>
            {wide ? (
              <p className="q-ends" aria-hidden="true">
                <span>{item.options[0]!.label}</span>
                <span>{item.options[item.options.length - 1]!.label}</span>
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {children}
      <ErrorNote message={error} />
      <p className="q-progress" role="status">
        {answered} of {def.items.length} answered
      </p>
      <div className="button-row">
        <button type="submit" ref={sendButton} className="button primary big" disabled={!complete || busy}>
          {busy ? 'Sending…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <p className="attribution">{def.attribution}</p>
    </form>
  );
}
