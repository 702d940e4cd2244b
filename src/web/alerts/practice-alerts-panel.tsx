/**
 * For the admin's practice settings (SPEC §2, §3 C8): who unacknowledged safety alerts escalate
 * to, and how many alerts are active — a count only, never their content.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { SelectField } from '../components/field.tsx';
import { DoneNote, ErrorNote } from '../components/notice.tsx';
import { useReauth } from '../components/reauth-prompt.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { alertsApi } from './api.ts';
import './alerts.css';

export function PracticeAlertsPanel() {
  const esc = useResource(() => alertsApi.escalation(), []);
  const count = useResource(() => alertsApi.count(), []);
  const staff = useResource(() => api.staff(), []);
  const { error, run } = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  // Naming yourself the escalation colleague asks for your password first (the server says when).
  const { guard, prompt } = useReauth();
  // Who can be named a colleague (other users' roles), not what the caller may do.
  // eslint-disable-next-line no-restricted-syntax
  const colleagues = (staff.data ?? []).filter((u) => u.status === 'active' && u.roles.some((r) => r === 'therapist' || r === 'supervisor'));
  const set = (id: string) =>
    run(async () => {
      setDone(null);
      await guard(() => alertsApi.setPracticeColleague(id || null));
      await esc.reload();
      setDone(id ? 'The escalation colleague was saved.' : 'No practice escalation colleague now.');
    });
  return (
    <section className="card" aria-labelledby="practice-alerts-title">
      <h2 id="practice-alerts-title">Safety alerts</h2>
      {prompt}
      {count.data ? (
        <p>
          {count.data.active === 0
            ? 'No alerts are active in the practice.'
            : `${count.data.active} alert${count.data.active === 1 ? ' is' : 's are'} active in the practice.`}{' '}
          Their content is for the clients’ therapists and supervisors only.
        </p>
      ) : null}
      {esc.data ? (
        <>
          <p>
            A safety alert not acknowledged within {esc.data.minutes} minutes (the escalation time above) goes to the therapist’s own escalation colleague, else
            to the practice’s, else to the therapist’s supervisor.
          </p>
          <SelectField
            label="The practice’s escalation colleague"
            value={esc.data.practice?.colleagueId ?? ''}
            onChange={(e) => void set(e.target.value)}
            options={[{ value: '', label: 'None (the therapist’s supervisor)' }, ...colleagues.map((u) => ({ value: u.id, label: u.displayName }))]}
          />
        </>
      ) : null}
      <DoneNote message={done} />
      <ErrorNote message={error ?? esc.error} />
    </section>
  );
}
