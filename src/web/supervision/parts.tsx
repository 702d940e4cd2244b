/** Pieces the supervision pages share: a supervisee's figures, and a list of notes (never their words). */
import type { AllianceType } from '../../domain/cues/types.ts';
import { ALLIANCE_TYPES } from '../../domain/cues/types.ts';
import type { SupervisionFocus } from '../../domain/supervision/supervision.ts';
import { FOCUS_LABELS } from '../../domain/supervision/supervision.ts';
import { KIND_WORDS } from '../alerts/alert-card.tsx';
import { ALLIANCE_STYLE } from '../alliance/api.ts';
import { formatDay } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import type { SupervisionNoteSummaryView, SupervisionOverviewView } from './api.ts';
import { notePath } from './api.ts';

export type Figures = SupervisionOverviewView['supervisees'][number]['figures'];

export const focusLabel = (f: string): string => FOCUS_LABELS[f as SupervisionFocus] ?? f;
export const typeLabel = (t: AllianceType | null): string => (t ? ALLIANCE_STYLE[t].label : '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Agreed and inferred alliances of the open courses, type by type, as a small table. */
export function AllianceTable({ figures, caption }: { figures: Figures; caption: string }) {
  return (
    <table className="supervision-alliances">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Alliance</th>
          <th scope="col" className="num">
            Agreed
          </th>
          <th scope="col" className="num">
            Inferred
          </th>
        </tr>
      </thead>
      <tbody>
        {ALLIANCE_TYPES.map((t) => (
          <tr key={t}>
            <th scope="row">
              <span className="chip-letter" aria-hidden="true" style={{ borderColor: ALLIANCE_STYLE[t].colour }}>
                {ALLIANCE_STYLE[t].letter}
              </span>{' '}
              {ALLIANCE_STYLE[t].label}
            </th>
            <td className="num">{figures.agreed[t]}</td>
            <td className="num">{figures.inferred[t]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The headline figures: clients, open courses, where the alliance needs a look, alerts. */
export function FigureLine({ figures }: { figures: Figures }) {
  return (
    <dl className="supervision-figures">
      <div>
        <dt>Clients</dt>
        <dd>{figures.caseload}</dd>
      </div>
      <div>
        <dt>Open courses</dt>
        <dd>{figures.openCourses}</dd>
      </div>
      <div className={figures.disagree ? 'attention' : undefined}>
        <dt>Agreed ≠ inferred</dt>
        <dd>{figures.disagree}</dd>
      </div>
      <div>
        <dt>No agreement yet</dt>
        <dd>{figures.noAgreement}</dd>
      </div>
      <div className={figures.notOnTrack ? 'attention' : undefined}>
        <dt>Clients not on track</dt>
        <dd>{figures.notOnTrack}</dd>
      </div>
    </dl>
  );
}

/** Active alerts by kind, most urgent first; a safety alert says so with a word and an icon. */
export function AlertKinds({ figures }: { figures: Figures }) {
  if (!figures.alertsByKind.length) return <p className="muted">No open alerts.</p>;
  return (
    <ul className="supervision-alert-kinds" aria-label="Open alerts by kind">
      {figures.alertsByKind.map((a) => (
        <li key={a.kind} className={a.kind === 'safety' ? 'safety' : undefined}>
          {a.kind === 'safety' ? (
            <span className="safety-icon" aria-hidden="true">
              ⚠{' '}
            </span>
          ) : null}
          {KIND_WORDS[a.kind] ?? a.kind}: <strong>{a.count}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Notes as lists show them: focus, whom or what about, when, whether answered. */
export function NoteList({ notes, show }: { notes: readonly SupervisionNoteSummaryView[]; show: 'supervisor' | 'supervisee' }) {
  const timeZone = usePracticeZone();
  if (!notes.length) return <p className="empty">No supervision notes yet.</p>;
  return (
    <ul className="supervision-note-list">
      {notes.map((n) => (
        <li key={n.id} className="card">
          <p className="note-head">
            <Link to={notePath(n.id)}>{focusLabel(n.focus)}</Link>
            {n.allianceType ? <span className="muted"> · {typeLabel(n.allianceType)} alliance</span> : null}
          </p>
          <p className="note-meta muted">
            {show === 'supervisee' ? `From ${n.supervisor.name}` : `To ${n.supervisee.name}`}
            {n.client ? ` · about ${n.client.name}` : ''} · {formatDay(n.createdAt, timeZone)} · {plural(n.replies, 'reply', 'replies')} ·{' '}
            {n.withdrawn ? (
              <strong>withdrawn {formatDay(n.withdrawn.at, timeZone)}</strong>
            ) : n.acknowledgedAt ? (
              `acknowledged ${formatDay(n.acknowledgedAt, timeZone)}`
            ) : (
              <strong>{n.amendedAt ? 'amended, not yet acknowledged' : 'not yet acknowledged'}</strong>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
