/**
 * The four alliances in plain words (SPEC §1 idea 5), beside the ledger that names them: what
 * each unspoken contract is, what it tends to look like, and what to watch for.
 */
import type { AllianceType } from '../../domain/cues/types.ts';
import { ALLIANCE_STYLE } from './api.ts';

export const ALLIANCE_MEANING: Readonly<Record<AllianceType, string>> = {
  magical:
    'The client hopes something outside them will change — other people, their circumstances, the symptom — without their changing themselves; a quick fix, or a therapist who will make it happen. For a short while this can carry hope; if it lasts without moving toward a working alliance, it tends to end in disappointment or drop-out.',
  working:
    'A specific, bounded aim: a decision, getting through an exam, an illness, a loss or a conflict at work. The goal is to function better rather than to change as a person, and sessions often come in bursts when they are needed.',
  therapeutic:
    'Both agree to work on the client’s deeper patterns — long-standing ways of relating, old wounds that keep repeating. The work is longer and more intensive, and the relationship itself is part of it.',
  structuralizing:
    'Both agree to keep going until the gains hold. The question has moved from “can I change?” to “will it last?”: practising, consolidating and managing on one’s own.',
};

export function AllianceTypesExplained() {
  return (
    <section aria-labelledby="types-title" className="alliance-types">
      <h2 id="types-title">The four alliances, in plain words</h2>
      <p className="muted">
        Each course runs on an unspoken contract, and it can shift as therapy moves from its beginning through its middle to its end. Naming the one in force,
        and agreeing a shift out loud, is what the ledger is for.
      </p>
      <dl className="types-list">
        {(Object.keys(ALLIANCE_MEANING) as AllianceType[]).map((t) => (
          <div key={t}>
            <dt>
              <span className={`evidence-type type-${t}`} aria-hidden="true">
                {ALLIANCE_STYLE[t].letter}
              </span>{' '}
              {ALLIANCE_STYLE[t].label}
            </dt>
            <dd>{ALLIANCE_MEANING[t]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
