import { useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { useResource } from '../use-resource.ts';
import { SelectField } from './field.tsx';
import { DoneNote, ErrorNote } from './notice.tsx';
import { useReauth } from './reauth-prompt.tsx';
import { useSubmit } from '../use-submit.ts';

function Reassign({ client, onChanged }: { client: Client; onChanged(message: string): void }) {
  const staff = useResource(() => api.staff(), []);
  const [therapistId, setTherapistId] = useState(client.therapistId);
  // Taking a client over yourself asks for your password first (the server says when).
  const { guard, prompt } = useReauth();
  // Whom a client can be moved to (other users' roles), not what the caller may do.
  // eslint-disable-next-line no-restricted-syntax
  const therapists = (staff.data ?? []).filter((u) => u.roles.includes('therapist') && u.status === 'active');
  const { error, submit } = useSubmit(async () => {
    const updated = await guard(() => api.updateClient(client.id, { therapistId }));
    onChanged(`${updated.name} is now with ${updated.therapistName}.`);
  });
  if (therapists.length < 2) return null;
  return (
    <>
      {prompt}
      <form onSubmit={(e) => void submit(e)}>
        <ErrorNote message={error} />
        <SelectField
          label="Therapist"
          value={therapistId}
          onChange={(e) => setTherapistId(e.target.value)}
          options={therapists.map((u) => ({ value: u.id, label: u.displayName }))}
        />
        <button type="submit" className="button secondary" disabled={therapistId === client.therapistId}>
          Reassign client
        </button>
      </form>
    </>
  );
}

/** Archiving a client who has left, and (for the admin) moving a client to another therapist. */
export function ClientRecordPanel({ client, canReassign, onChanged }: { client: Client; canReassign: boolean; onChanged(): void }) {
  const [done, setDone] = useState<string | null>(null);
  const changed = (message: string) => {
    setDone(message);
    onChanged();
  };
  const { error, run } = useSubmit();
  const setStatus = (status: 'active' | 'archived') =>
    run(async () => {
      await api.updateClient(client.id, { status });
      changed(status === 'archived' ? 'The client was archived.' : 'The client is active again.');
    });
  return (
    <section className="card" aria-labelledby="record-title">
      <h2 id="record-title">Record</h2>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      {canReassign ? <Reassign client={client} onChanged={changed} /> : null}
      {client.status === 'active' ? (
        <>
          <p className="hint">Archive a client who no longer comes. Nothing is deleted; the record stays readable.</p>
          <button type="button" className="button secondary" onClick={() => void setStatus('archived')}>
            Archive client
          </button>
        </>
      ) : (
        <button type="button" className="button secondary" onClick={() => void setStatus('active')}>
          Make active again
        </button>
      )}
    </section>
  );
}
