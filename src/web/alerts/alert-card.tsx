/**
 * One alert as the therapist reads it (SPEC §3 C8): what it is and how urgent, the evidence
 * behind it with links, a suggested conversation (a suggestion, never an instruction), and —
 * for those who may act — acknowledge and resolve with a note; a safety alert closes only with a
 * documented follow-up.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { SelectField, TextArea } from '../components/field.tsx';
import { ErrorNote } from '../components/notice.tsx';
import { formatDateTime } from '../dates.ts';
import { Link } from '../router.tsx';
import { SAFETY_FOLLOW_UP_ACTIONS } from '../../domain/alerts/alert.ts';
import type { SafetyFollowUpAction } from '../../domain/alerts/alert.ts';
import type { AlertView } from './api.ts';
import { alertsApi } from './api.ts';
import { useSubmit } from '../use-submit.ts';
import './alerts.css';

export const KIND_WORDS: Record<string, string> = {
  safety: 'Safety',
  rupture: 'Possible rupture',
  not_on_track: 'Not on track',
  misalliance: 'Misalliance',
  magical_persisting: 'Magical alliance persisting',
  expectations_diverge: 'Expectations diverge',
  remission_without_goal: 'Remission, no current goal',
  attendance: 'Attendance',
  practice_stalled: 'Practice stalled',
  measure_due: 'Measure due',
  therapist_more_positive: 'Therapist rated it higher', // read by the therapist, their supervisor and colleagues alike
};
const FOLLOW_UP_WORDS: Record<SafetyFollowUpAction, string> = {
  contacted_client: 'Contacted the client',
  risk_assessed_in_session: 'Assessed risk in session',
  safety_plan_reviewed: 'Reviewed the safety plan',
  referred_to_crisis_service: 'Referred to a crisis service',
  emergency_services_contacted: 'Contacted emergency services',
  consulted_colleague: 'Consulted a colleague',
  other: 'Other (say in the note)',
};

/** Who the alert is about, in words fit for the reader (their own client, a supervisee's, one escalated to them). */
const READER_WORDS: Record<AlertView['reader'], string> = {
  therapist: 'A conversation you might have:',
  supervisor: 'A conversation the therapist might have:',
  colleague: 'A conversation you might have, as the colleague this was escalated to:',
};

export function AlertCard({
  alert,
  timeZone,
  showClient = true,
  onChanged,
  selection,
  headingLevel = 3,
}: {
  alert: AlertView;
  timeZone: string;
  showClient?: boolean;
  onChanged(message: string): void;
  /** Offered for bulk acknowledgement (never a safety alert): whether it is chosen, and the toggle. */
  selection?: { selected: boolean; toggle(): void };
  /** The card's heading level under the page's: 2 in the inbox (under its h1), 3 under a section's h2. */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // Compact until opened; a safety alert not yet acknowledged is open from the start.
  const [expanded, setExpanded] = useState(alert.kind === 'safety' && alert.status === 'open');
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const [action, setAction] = useState<SafetyFollowUpAction | ''>('');
  // Acknowledging (a button) and resolving (a form) share one busy and error state.
  const { error, busy, run: start } = useSubmit();
  const safety = alert.kind === 'safety';
  const headingId = `alert-${alert.id}`;

  const run = (f: () => Promise<unknown>, message: string) =>
    start(async () => {
      await f();
      onChanged(message);
      setResolving(false);
    });
  const resolve = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => alertsApi.resolve(alert.id, note, action || undefined),
      `The ${KIND_WORDS[alert.kind]?.toLowerCase() ?? 'alert'} alert for ${alert.clientName} was resolved.`,
    );
  };

  const bodyId = `alert-body-${alert.id}`;
  const quiet = alert.courseEnded && !safety;
  return (
    <article
      className={`alert-card kind-${alert.kind} sev-${alert.severity} status-${alert.status}${quiet ? ' quiet' : ''}${expanded ? ' expanded' : ''}`}
      aria-labelledby={headingId}
    >
      <header className="alert-head">
        {selection ? (
          <input
            type="checkbox"
            className="alert-select"
            checked={selection.selected}
            onChange={selection.toggle}
            aria-label={`Choose to acknowledge: ${alert.title}${showClient ? `, ${alert.clientName}` : ''}`}
          />
        ) : null}
        <span className={`alert-kind sev-${alert.severity}`}>
          {safety ? (
            <span aria-hidden="true" className="safety-icon">
              ⚠{' '}
            </span>
          ) : null}
          {KIND_WORDS[alert.kind] ?? alert.kind}
        </span>
        <span className="alert-status">{alert.status === 'open' ? 'New' : alert.status === 'acknowledged' ? 'Seen' : 'Resolved'}</span>
        {quiet ? <span className="alert-status">Course ended</span> : null}
        <span className="alert-status">{formatDateTime(alert.raisedAt, timeZone)}</span>
        {alert.escalatedAt ? (
          <span className="alert-escalated">
            Escalated{alert.escalatedToName ? ` to ${alert.escalatedToName}` : ''} {formatDateTime(alert.escalatedAt, timeZone)}
          </span>
        ) : null}
      </header>
      <Heading id={headingId} className="alert-title">
        {showClient ? (
          <>
            <Link to={`/clients/${alert.clientId}`}>{alert.clientName}</Link>:{' '}
          </>
        ) : null}
        {alert.title}
      </Heading>
      <button type="button" className="link-button alert-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded((x) => !x)}>
        {expanded ? 'Show less' : 'Show details'}
      </button>
      <div id={bodyId} hidden={!expanded}>
        <p>{alert.summary}</p>
        <p className="muted small">
          Raised {formatDateTime(alert.raisedAt, timeZone)}
          {alert.acknowledgedAt ? `; acknowledged by ${alert.acknowledgedByName ?? 'a colleague'} ${formatDateTime(alert.acknowledgedAt, timeZone)}` : ''}
          {alert.resolution ? `; resolved by ${alert.resolution.byName ?? 'a colleague'} ${formatDateTime(alert.resolution.at, timeZone)}` : ''}.
        </p>
        {alert.evidence.length ? (
          <details className="evidence" open={safety}>
            <summary>Evidence ({alert.evidence.length})</summary>
            <ul>
              {alert.evidence.map((e, i) => (
                <li key={i}>
                  {e.ref?.type === 'response' ? (
                    <Link to={`/clients/${alert.clientId}#measures-title`}>{e.label}</Link>
                  ) : e.ref?.type === 'session_notes' ? (
                    <Link to={`/sessions/${e.ref.id}/notes`}>{e.label}</Link>
                  ) : (
                    e.label
                  )}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <div className="suggestion">
          <p>
            <strong>{READER_WORDS[alert.reader]}</strong> {alert.suggestedConversation}
          </p>
        </div>
        {alert.resolution ? (
          <p className="resolution">
            <strong>
              Resolved by {alert.resolution.byName ?? 'a colleague'}, {formatDateTime(alert.resolution.at, timeZone)}.
            </strong>
            {alert.resolution.followUpAction ? ` ${FOLLOW_UP_WORDS[alert.resolution.followUpAction as SafetyFollowUpAction] ?? ''}.` : ''}{' '}
            {alert.resolution.note}
          </p>
        ) : null}
        <ErrorNote message={error} />
        {alert.access === 'act' && alert.status !== 'resolved' ? (
          resolving ? (
            <form className="resolve-form" onSubmit={resolve}>
              {safety ? (
                <SelectField
                  label="Follow-up taken"
                  value={action}
                  onChange={(e) => setAction(e.target.value as SafetyFollowUpAction)}
                  required
                  options={[{ value: '', label: 'Choose…' }, ...SAFETY_FOLLOW_UP_ACTIONS.map((a) => ({ value: a, label: FOLLOW_UP_WORDS[a] }))]}
                />
              ) : null}
              <TextArea
                label={safety ? 'What was done (documented follow-up)' : 'Note'}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                required
                hint={safety ? 'At least 20 characters: who you spoke to, what you assessed, what was agreed.' : 'A line on how this was handled.'}
              />
              <div className="button-row">
                <button type="submit" className="button primary" disabled={busy}>
                  Resolve
                </button>
                <button type="button" className="button secondary" onClick={() => setResolving(false)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <div className="button-row">
              {alert.status === 'open' ? (
                <button
                  type="button"
                  className="button primary"
                  disabled={busy}
                  onClick={() => void run(() => alertsApi.acknowledge(alert.id), `You acknowledged the alert for ${alert.clientName}.`)}
                >
                  Acknowledge
                  <span className="visually-hidden">
                    {' '}
                    {alert.title} for {alert.clientName}
                  </span>
                </button>
              ) : null}
              <button type="button" className="button secondary" onClick={() => setResolving(true)}>
                {safety ? 'Record follow-up and resolve' : 'Resolve'}
                <span className="visually-hidden">
                  {' '}
                  {alert.title} for {alert.clientName}
                </span>
              </button>
            </div>
          )
        ) : alert.access === 'read' ? (
          <p className="muted small">You can read this alert; the client’s therapist acts on it.</p>
        ) : null}
      </div>
    </article>
  );
}
