import { useState } from 'react';
import { api } from '../api.ts';
import { ContactFields, emptyContact, toContact } from '../components/contact-fields.tsx';
import type { ContactDraft } from '../components/contact-fields.tsx';
import { TextField } from '../components/field.tsx';
import { ErrorNote } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Link, navigate } from '../router.tsx';
import { useSubmit } from '../use-submit.ts';

export function AddClientPage() {
  const [name, setName] = useState('');
  const [contact, setContact] = useState<ContactDraft>(emptyContact);
  // On success the client's page takes over.
  const { error, busy, submit } = useSubmit(async () => {
    const client = await api.addClient(name, toContact(contact));
    navigate(`/clients/${client.id}`);
  });
  return (
    <>
      <PageHeading title="Add a client" />
      <form className="card" onSubmit={(e) => void submit(e)}>
        <p className="hint">The client joins your caseload. Name and contact details are stored encrypted.</p>
        <ErrorNote message={error} />
        <TextField label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <ContactFields value={contact} onChange={setContact} />
        <div className="button-row">
          <button type="submit" className="button primary" disabled={busy}>
            Add client
          </button>
          <Link className="button secondary" to="/clients">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
