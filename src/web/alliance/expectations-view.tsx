/**
 * The two sides' Expectations checks side by side (SPEC §3 C2, §5.2), as a page a therapist can
 * print and take into the next session: both profiles as paired bars, the distance and why they
 * diverge, and the statements where the two differ most, in both sides' words.
 */
import type { AllianceType, ExpectationsRound } from './api.ts';
import { ALLIANCE_STYLE } from './api.ts';
import { CueText } from '../cues/cue-text.tsx';

const TYPES = Object.keys(ALLIANCE_STYLE) as AllianceType[];

export function ExpectationsComparisonView({ rounds, latest }: { rounds: ExpectationsRound[]; latest: ExpectationsRound | null }) {
  const waiting = rounds.find((r) => !r.revealed);
  const c = latest?.comparison;
  return (
    <div className="expectations-compare">
      {waiting ? <p className="muted">Round {waiting.round}: {waiting.client ? 'the client has' : 'you have'} answered; the answers are shown side by side once both have.</p> : null}
      {!latest || !c ? <p className="muted">Nothing to compare yet: each side answers blind, and the comparison appears when both have answered.</p> : (
        <>
          <p>
            Round {latest.round} ({latest.client!.at.slice(0, 10)}): distance <strong>{c.distance.toFixed(2)}</strong> (0 = the same, 1 = nothing in common) —{' '}
            {c.diverge ? <strong className="diverge">expectations diverge</strong> : 'close enough'}.
            {' '}Client leans <strong>{String(c.client.dominant)}</strong>, therapist <strong>{String(c.therapist.dominant)}</strong>.
          </p>
          <table className="profile-table">
            <caption className="visually-hidden">Expectation profiles of both sides</caption>
            <thead><tr><th scope="col">Alliance</th><th scope="col">Client</th><th scope="col">Therapist</th></tr></thead>
            <tbody>
              {TYPES.map((t) => (
                <tr key={t}>
                  <th scope="row"><span className={`evidence-type type-${t}`}>{ALLIANCE_STYLE[t].letter}</span> {ALLIANCE_STYLE[t].label}</th>
                  <td><span className={`bar type-${t}`} style={{ width: `${Math.round(c.client.distribution[t] * 160)}px` }} /> {Math.round(c.client.distribution[t] * 100)} %</td>
                  <td><span className={`bar type-${t} bar-therapist`} style={{ width: `${Math.round(c.therapist.distribution[t] * 160)}px` }} /> {Math.round(c.therapist.distribution[t] * 100)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Where you differ most</h3>
          <ol className="gaps">
            {c.gaps.map((g) => (
              <li key={g.key}>
                <div>Client: “{g.clientText}” — <strong>{g.clientRating} of 4</strong></div>
                <div>Therapist: “{g.therapistText}” — <strong>{g.therapistRating} of 4</strong></div>
              </li>
            ))}
          </ol>
          {latest.client?.freeText ? <p>The client wrote: <q>{latest.client.freeTextCues?.length ? <CueText text={latest.client.freeText} cues={latest.client.freeTextCues} /> : latest.client.freeText}</q></p> : null}
          {latest.therapist?.freeText ? <p>You wrote: <q>{latest.therapist.freeText}</q></p> : null}
          {rounds.filter((r) => r.revealed).length > 1 ? (
            <p className="muted">Earlier rounds: {rounds.filter((r) => r.revealed && r.round !== latest.round).map((r) => `${r.round} (distance ${r.comparison!.distance.toFixed(2)}, client ${String(r.comparison!.client.dominant)})`).join('; ')}</p>
          ) : null}
        </>
      )}
    </div>
  );
}
