/**
 * The client's list of what they got out of therapy, as a phone-first editor: one line per item,
 * add and remove, saved as a whole. Limits are the domain's, said before the server says them.
 */
import { useState } from 'react';
import { ErrorNote } from '../components/notice.tsx';
import { FormProblem, useSubmit } from '../use-submit.ts';
import { ENDING_LIMITS } from '../../domain/ending/ending.ts';

export function ListEditor({ initial, onSave }: { initial: string[]; onSave: (items: string[]) => Promise<void> }) {
  const [items, setItems] = useState<string[]>(initial.length ? initial : ['']);
  const { error, busy, submit } = useSubmit(async () => {
    const kept = items.map((i) => i.trim()).filter((i) => i.length > 0);
    if (kept.length === 0) throw new FormProblem('Write at least one thing you got out of therapy.');
    await onSave(kept);
    setItems(kept);
  });
  const set = (i: number, v: string) => setItems((xs) => xs.map((x, j) => (j === i ? v : x)));
  return (
    <form className="ending-list-editor" aria-label="What I got out of therapy" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            <label className="visually-hidden" htmlFor={`ending-item-${i}`}>{`Item ${i + 1}`}</label>
            <textarea id={`ending-item-${i}`} rows={2} value={item} maxLength={ENDING_LIMITS.itemChars} onChange={(e) => set(i, e.target.value)} />
            {items.length > 1 ? (
              <button
                type="button"
                className="button secondary small"
                aria-label={`Remove item ${i + 1}`}
                onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <div className="ending-actions">
        {items.length < ENDING_LIMITS.listItems ? (
          <button type="button" className="button secondary" onClick={() => setItems((xs) => [...xs, ''])}>
            Add another
          </button>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          Save my list
        </button>
      </div>
    </form>
  );
}
