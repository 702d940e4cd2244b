import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { SelectField } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useReauth } from '../components/reauth-prompt.tsx';
import { useResource } from '../use-resource.ts';
import { FormProblem, useSubmit } from '../use-submit.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

/** Who supervises whom: supervisors read their supervisees' clients (SPEC §2). */
export function AdminSupervisionPage() {
  const data = useResource(async () => {
    const [staff, supervisions] = await Promise.all([api.staff(), api.supervisions()]);
    return { staff, supervisions };
  }, []);
  const [supervisorId, setSupervisorId] = useState('');
  const [therapistId, setTherapistId] = useState('');
  // The assignment form and each removal share one error.
  const { error, run } = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  // Making yourself someone's supervisor asks for your password first (the server says when).
  const { guard, prompt } = useReauth();

  if (!data.data)
    return (
      <>
        <PageHeading title="Supervision" />
        {data.error ? <ErrorNote message={data.error} /> : <Loading />}
      </>
    );
  const { staff, supervisions } = data.data;
  const name = (id: string) => staff.find((u) => u.id === id)?.displayName ?? 'Unknown person';
  const active = staff.filter((u) => u.status === 'active');
  // Who can be paired (other users' roles), not what the caller may do.
  const supervisors = active.filter((u) => u.roles.includes('supervisor')); // eslint-disable-line no-restricted-syntax
  const therapists = active.filter((u) => u.roles.includes('therapist')); // eslint-disable-line no-restricted-syntax

  const assign = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      const sup = supervisorId || supervisors[0]?.id;
      const ther = therapistId || therapists[0]?.id;
      if (!sup || !ther) throw new FormProblem('Choose a supervisor and a therapist.');
      await guard(() => api.assignSupervisor(sup, ther));
      setDone(`${name(sup)} now supervises ${name(ther)}.`);
      await data.reload();
    });
  };
  const remove = (sup: string, ther: string) =>
    run(async () => {
      await api.removeSupervisor(sup, ther);
      setDone(`${name(sup)} no longer supervises ${name(ther)}.`);
      await data.reload();
    });

  return (
    <>
      <PageHeading title="Supervision" />
      <p className="lead">
        A supervisor can read the clients of the therapists they supervise, but cannot change them. The therapist is told who was assigned.
      </p>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      {prompt}
      <section className="card" aria-labelledby="current-title">
        <h2 id="current-title">Current assignments</h2>
        {supervisions.length === 0 ? (
          <p>Nobody is assigned a supervisor yet.</p>
        ) : (
          <ScrollBox label="Supervision assignments">
            <table>
              <thead>
                <tr>
                  <th scope="col">Supervisor</th>
                  <th scope="col">Supervises</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {supervisions.map((s) => (
                  <tr key={`${s.supervisorId}-${s.therapistId}`}>
                    <td>{name(s.supervisorId)}</td>
                    <td>{name(s.therapistId)}</td>
                    <td>
                      <button type="button" className="button secondary small" onClick={() => void remove(s.supervisorId, s.therapistId)}>
                        Remove
                        <span className="visually-hidden">
                          {' '}
                          the supervision of {name(s.therapistId)} by {name(s.supervisorId)}
                        </span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      <section className="card" aria-labelledby="assign-title">
        <h2 id="assign-title">Assign a supervisor</h2>
        {supervisors.length === 0 || therapists.length === 0 ? (
          <p>Assigning needs at least one active supervisor and one active therapist. Give someone the role on the Staff page.</p>
        ) : (
          <form onSubmit={(e) => void assign(e)} className="form-row">
            <SelectField
              label="Supervisor"
              value={supervisorId || supervisors[0]!.id}
              onChange={(e) => setSupervisorId(e.target.value)}
              options={supervisors.map((u) => ({ value: u.id, label: u.displayName }))}
            />
            <SelectField
              label="Therapist"
              value={therapistId || therapists[0]!.id}
              onChange={(e) => setTherapistId(e.target.value)}
              options={therapists.map((u) => ({ value: u.id, label: u.displayName }))}
            />
            <button type="submit" className="button primary">
              Assign
            </button>
          </form>
        )}
      </section>
    </>
  );
}
