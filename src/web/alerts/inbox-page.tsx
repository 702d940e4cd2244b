/**
 * The therapist's inbox (SPEC §3 C8): alerts ordered by urgency — safety first — as the server
 * sends them, with the evidence and a suggested conversation; acknowledge and resolve in place.
 * Below: who unacknowledged safety alerts escalate to, and the therapist's own choice of colleague.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { SelectField } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { AlertCard } from './alert-card.tsx';
import { alertsApi } from './api.ts';
import type { AlertView } from './api.ts';

function EscalationPanel() {
  const session = useSession();
  const esc = useResource(() => alertsApi.escalation(), []);
  const staff = useResource(() => api.staff(), []);
  const { error, run } = useSubmit();
  if (!esc.data) return null;
  // Who can be named a colleague (other users' roles), not what the caller may do.
  const colleagues = (staff.data ?? []).filter(
    (u) =>
      u.id !== session.user.id &&
      u.status === 'active' &&
      // eslint-disable-next-line no-restricted-syntax
      u.roles.some((r) => r === 'therapist' || r === 'supervisor'),
  );
  const set = (id: string) =>
    run(async () => {
      await alertsApi.setMyColleague(id || null);
      await esc.reload();
    });
  return (
    <section className="card escalation" aria-labelledby="escalation-title">
      <h2 id="escalation-title">If a safety alert is not acknowledged</h2>
      <p>
        After {esc.data.minutes} minutes without acknowledgement, a safety alert goes to{' '}
        {esc.data.effective ? <strong>{esc.data.effective.name}</strong> : <strong>nobody yet — please choose a colleague</strong>}.
        {esc.data.practice ? ` The practice’s colleague is ${esc.data.practice.name}.` : ''}
      </p>
      {session.can['escalation:own'] ? (
        <SelectField
          label="My escalation colleague"
          value={esc.data.mine?.colleagueId ?? ''}
          onChange={(e) => void set(e.target.value)}
          options={[
            { value: '', label: esc.data.practice ? `The practice’s (${esc.data.practice.name})` : 'The practice’s (none set)' },
            ...colleagues.map((u) => ({ value: u.id, label: u.displayName })),
          ]}
        />
      ) : null}
      <ErrorNote message={error} />
    </section>
  );
}

/** Non-safety alerts the caller may act on and has not yet acknowledged: the ones offered for bulk acknowledgement. */
const bulkable = (a: AlertView) => a.kind !== 'safety' && a.access === 'act' && a.status === 'open';

export function AlertsInboxPage() {
  const timeZone = usePracticeZone();
  const [status, setStatus] = useState<'active' | 'all'>('active');
  const inbox = useResource(() => alertsApi.inbox(status), [status]);
  const [done, setDone] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const bulk = useSubmit();
  const list = inbox.data ?? [];
  const loud = list.filter((a) => !a.courseEnded || a.kind === 'safety');
  const quiet = list.filter((a) => a.courseEnded && a.kind !== 'safety');
  // The count speaks of the alerts shown in the list; those of ended courses are folded below it and counted apart.
  const open = loud.filter((a) => a.status === 'open').length;
  const offered = list.filter(bulkable);
  const offeredQuiet = quiet.filter(bulkable).length;
  const picked = offered.filter((a) => chosen.has(a.id));
  const toggle = (id: string) =>
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const acknowledgeChosen = () =>
    bulk.run(async () => {
      const r = await alertsApi.acknowledgeMany(picked.map((a) => a.id));
      setChosen(new Set());
      setDone(`You acknowledged ${r.acknowledged.length} alert${r.acknowledged.length === 1 ? '' : 's'}.`);
      await inbox.reload();
    });
  const card = (a: AlertView) => (
    <li key={a.id}>
      <AlertCard
        alert={a}
        timeZone={timeZone}
        headingLevel={2}
        {...(bulkable(a) ? { selection: { selected: chosen.has(a.id), toggle: () => toggle(a.id) } } : {})}
        onChanged={(m) => {
          setDone(m);
          void inbox.reload();
        }}
      />
    </li>
  );
  return (
    <>
      <PageHeading title="Alerts" />
      <p className="lead">
        Most urgent first: safety, then possible ruptures, then not on track and the rest. Each alert shows what it rests on; what to do with it is yours to
        judge.
      </p>
      <DoneNote message={done} />
      <div className="toolbar">
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.target.value as 'active' | 'all')}
          className="filter"
          options={[
            { value: 'active', label: 'Open and seen' },
            { value: 'all', label: 'All, including resolved' },
          ]}
        />
        {inbox.data ? (
          <p className="count" role="status">
            {loud.length} alert{loud.length === 1 ? '' : 's'}, {open} new
            {quiet.length ? `; ${quiet.length} more from ended courses, folded below` : ''}
          </p>
        ) : null}
      </div>
      <ErrorNote message={inbox.error} />
      {!inbox.data ? (
        inbox.error ? null : (
          <Loading what="Loading alerts" />
        )
      ) : list.length === 0 ? (
        <p className="empty">No alerts. Nothing needs your attention right now.</p>
      ) : (
        <>
          {offered.length ? (
            <div className="bulk-bar">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={picked.length === offered.length}
                  onChange={() => setChosen(picked.length === offered.length ? new Set() : new Set(offered.map((a) => a.id)))}
                />{' '}
                Choose all new alerts except safety ({offered.length}
                {offeredQuiet ? `, ${offeredQuiet} of them from ended courses` : ''})
              </label>
              <button type="button" className="button primary" disabled={!picked.length || bulk.busy} onClick={() => void acknowledgeChosen()}>
                Acknowledge chosen ({picked.length})
              </button>
              <p className="hint">Safety alerts are acknowledged one at a time, on their own card.</p>
              <ErrorNote message={bulk.error} />
            </div>
          ) : null}
          <ol className="alert-list">{loud.map(card)}</ol>
          {quiet.length ? (
            <details className="quiet-alerts">
              <summary>From ended courses ({quiet.length})</summary>
              <ol className="alert-list">{quiet.map(card)}</ol>
            </details>
          ) : null}
        </>
      )}
      <EscalationPanel />
    </>
  );
}

/** One client's alerts, for the client page. */
/** `look`: a number the page moves on when the client's alerts may have changed (answers saved), to read them again. */
export function ClientAlerts({ clientId, look = 0 }: { clientId: string; look?: number }) {
  const timeZone = usePracticeZone();
  const alerts = useResource(() => alertsApi.ofClient(clientId), [clientId, look]);
  const [done, setDone] = useState<string | null>(null);
  if (alerts.error || !alerts.data || alerts.data.length === 0) return null;
  return (
    <section className="client-alerts" aria-labelledby="client-alerts-title">
      <h2 id="client-alerts-title">Alerts</h2>
      <DoneNote message={done} />
      <ol className="alert-list">
        {alerts.data.map((a) => (
          <li key={a.id}>
            <AlertCard
              alert={a}
              timeZone={timeZone}
              showClient={false}
              onChanged={(m) => {
                setDone(m);
                void alerts.reload();
              }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
