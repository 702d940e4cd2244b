/**
 * The two sides' Expectations checks side by side (SPEC §3 C2, §5.2), as a page a therapist can
 * print and take into the next session: both profiles as paired bars, the distance and why they
 * diverge, and the statements where the two differ most, in both sides' words.
 */
import { formatCalendarDate } from '../dates.ts';
import type { AllianceType, ExpectationsRound } from './api.ts';
import { ALLIANCE_STYLE } from './api.ts';
import { CueText } from '../cues/cue-text.tsx';
import { ScrollBox } from '../components/scroll-box.tsx';

const TYPES = Object.keys(ALLIANCE_STYLE) as AllianceType[];

/** Who reads it: the therapist's ledger (and the supervisor's), or the client's portal, in the client's words. */
export type ComparisonViewer = 'therapist' | 'client';

export function ExpectationsComparisonView({
  rounds,
  latest,
  viewer = 'therapist',
}: {
  rounds: ExpectationsRound[];
  latest: ExpectationsRound | null;
  viewer?: ComparisonViewer;
}) {
  const waiting = rounds.find((r) => !r.revealed);
  const c = latest?.comparison;
  const forClient = viewer === 'client';
  // A phone's width (the portal) holds two columns of shorter bars.
  const barPx = forClient ? 30 : 160;
  const names = forClient ? { client: 'You', therapist: 'Your therapist' } : { client: 'Client', therapist: 'Therapist' };
  return (
    <div className="expectations-compare">
      {waiting ? (
        <p className="muted">
          Round {waiting.round}: {waiting.client ? 'the client has' : 'you have'} answered; the answers are shown side by side once both have.
        </p>
      ) : null}
      {!latest || !c ? (
        <p className="muted">Nothing to compare yet: each side answers blind, and the comparison appears when both have answered.</p>
      ) : (
        <>
          {forClient ? (
            <p>
              You and your therapist both answered (round {latest.round}).{' '}
              {c.diverge ? <strong className="diverge">You see what therapy is for differently</strong> : 'You see what therapy is for in much the same way'} —
              worth talking about together in your next session.
            </p>
          ) : null}
          <p className={forClient ? 'muted' : undefined}>
            Round {latest.round} ({formatCalendarDate(latest.client!.at.slice(0, 10), 'short')}): distance <strong>{c.distance.toFixed(2)}</strong> (0 = the
            same, 1 = nothing in common) — {c.diverge ? <strong className="diverge">expectations diverge</strong> : 'close enough'}. {names.client}{' '}
            {forClient ? 'lean' : 'leans'} <strong>{String(c.client.dominant)}</strong>, {names.therapist.toLowerCase()}{' '}
            <strong>{String(c.therapist.dominant)}</strong>.
          </p>
          {/* Focusable, so a keyboard user can scroll it sideways on a phone. */}
          <ScrollBox label="Expectation profiles, side by side" className="table-scroll">
            <table className="profile-table">
              <caption className="visually-hidden">Expectation profiles of both sides</caption>
              <thead>
                <tr>
                  <th scope="col">Alliance</th>
                  <th scope="col">{names.client}</th>
                  <th scope="col">{names.therapist}</th>
                </tr>
              </thead>
              <tbody>
                {TYPES.map((t) => (
                  <tr key={t}>
                    <th scope="row">
                      <span className={`evidence-type type-${t}`}>{ALLIANCE_STYLE[t].letter}</span> {ALLIANCE_STYLE[t].label}
                    </th>
                    <td>
                      <span className={`bar type-${t}`} style={{ width: `${Math.round(c.client.distribution[t] * barPx)}px` }} />{' '}
                      {Math.round(c.client.distribution[t] * 100)} %
                    </td>
                    <td>
                      <span className={`bar type-${t} bar-therapist`} style={{ width: `${Math.round(c.therapist.distribution[t] * barPx)}px` }} />{' '}
                      {Math.round(c.therapist.distribution[t] * 100)} %
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <h3>Where you differ most</h3>
          <ol className="gaps">
            {c.gaps.map((g) => (
              <li key={g.key}>
                <div>
                  {names.client}: “{g.clientText}” — <strong>{g.clientRating} of 4</strong>
                </div>
                <div>
                  {names.therapist}: “{g.therapistText}” — <strong>{g.therapistRating} of 4</strong>
                </div>
              </li>
            ))}
          </ol>
          {latest.client?.freeText ? (
            <p>
              {forClient ? 'You wrote' : 'The client wrote'}:{' '}
              <q>{latest.client.freeTextCues?.length ? <CueText text={latest.client.freeText} cues={latest.client.freeTextCues} /> : latest.client.freeText}</q>
            </p>
          ) : null}
          {latest.therapist?.freeText ? (
            <p>
              {forClient ? 'Your therapist wrote' : 'You wrote'}: <q>{latest.therapist.freeText}</q>
            </p>
          ) : null}
          {rounds.filter((r) => r.revealed).length > 1 ? (
            <p className="muted">
              Earlier rounds:{' '}
              {rounds
                .filter((r) => r.revealed && r.round !== latest.round)
                .map((r) => `${r.round} (distance ${r.comparison!.distance.toFixed(2)}, client ${String(r.comparison!.client.dominant)})`)
                .join('; ')}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
