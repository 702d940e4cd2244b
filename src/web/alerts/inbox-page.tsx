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

export function AlertsInboxPage() {
  const timeZone = usePracticeZone();
  const [status, setStatus] = useState<'active' | 'all'>('active');
  const inbox = useResource(() => alertsApi.inbox(status), [status]);
  const [done, setDone] = useState<string | null>(null);
  const list = inbox.data ?? [];
  const open = list.filter((a) => a.status === 'open').length;
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
            {list.length} alert{list.length === 1 ? '' : 's'}, {open} new
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
        <ol className="alert-list">
          {list.map((a) => (
            <li key={a.id}>
              <AlertCard
                alert={a}
                timeZone={timeZone}
                onChanged={(m) => {
                  setDone(m);
                  void inbox.reload();
                }}
              />
            </li>
          ))}
        </ol>
      )}
      <EscalationPanel />
    </>
  );
}

/** One client's alerts, for the client page. */
export function ClientAlerts({ clientId }: { clientId: string }) {
  const timeZone = usePracticeZone();
  const alerts = useResource(() => alertsApi.ofClient(clientId), [clientId]);
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
