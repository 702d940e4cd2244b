import { useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { formatCalendarDate } from '../dates.ts';
import { ContactFields, draftOf, toContact } from './contact-fields.tsx';
import { TextField } from './field.tsx';
import { DoneNote, ErrorNote } from './notice.tsx';
import { useSubmit } from '../use-submit.ts';

/** A client's identity and contact, with an edit form for those allowed to change them. */
export function ClientDetails({ client, canEdit, onSaved }: { client: Client; canEdit: boolean; onSaved(c: Client): void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(client.name);
  const [contact, setContact] = useState(draftOf(client.contact));
  const [done, setDone] = useState<string | null>(null);

  const { error, submit: save } = useSubmit(async () => {
    const updated = await api.updateClient(client.id, { name, contact: toContact(contact) });
    setEditing(false);
    setDone('The details were saved.');
    onSaved(updated);
  });
  const c = client.contact;
  return (
    <section className="card" aria-labelledby="details-title">
      <div className="card-head">
        <h2 id="details-title">Details</h2>
        {canEdit && !editing ? (
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setEditing(true);
              setDone(null);
            }}
          >
            Edit details
          </button>
        ) : null}
      </div>
      <DoneNote message={done} />
      {editing ? (
        <form onSubmit={(e) => void save(e)}>
          <ErrorNote message={error} />
          <TextField label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <ContactFields value={contact} onChange={setContact} />
          <div className="button-row">
            <button type="submit" className="button primary">
              Save details
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setEditing(false);
                setName(client.name);
                setContact(draftOf(client.contact));
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <dl className="facts">
          <div>
            <dt>Therapist</dt>
            <dd>{client.therapistName}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{c.email ?? <span className="muted">Not given</span>}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{c.phone ?? <span className="muted">Not given</span>}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{c.dateOfBirth ? formatCalendarDate(c.dateOfBirth) : <span className="muted">Not given</span>}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{client.status === 'active' ? 'Active' : 'Archived'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
