import { useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { CopyLink } from './copy-link.tsx';
import { TextField } from './field.tsx';
import { DoneNote, ErrorNote } from './notice.tsx';
import { useSubmit } from '../use-submit.ts';

const PORTAL_WORDS = { none: 'No portal account', active: 'Portal account active', disabled: 'Portal account disabled' } as const;

/** The client's portal account: its state, an invitation link, and switching it off or on. */
export function PortalPanel({ client, canInvite, canSwitch, onChanged }: { client: Client; canInvite: boolean; canSwitch: boolean; onChanged(): void }) {
  const [email, setEmail] = useState(client.contact.email ?? '');
  const [link, setLink] = useState<string | null>(null);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // The invitation form and the switch share one error.
  const {
    error,
    submit: invite,
    run,
  } = useSubmit(async () => {
    const res = await api.invitePortal(client.id, email);
    setLink(`${location.origin}${res.path}`);
    setEmailedTo(res.emailed ? res.email : null);
  });
  const switchTo = (status: 'active' | 'disabled') =>
    run(async () => {
      await api.setPortal(client.id, status);
      setDone(status === 'active' ? 'The portal account was switched on.' : 'The portal account was switched off and signed out.');
      onChanged();
    });

  return (
    <section className="card" aria-labelledby="portal-title">
      <h2 id="portal-title">Client portal</h2>
      <p>
        <span className={client.portal === 'active' ? 'badge badge-ok' : 'badge badge-off'}>{PORTAL_WORDS[client.portal]}</span>
      </p>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      {client.portal === 'none' && canInvite && !link ? (
        <form onSubmit={(e) => void invite(e)}>
          <p className="hint">The portal shows the client their course and sessions in plain words. They set their own password from the link.</p>
          <TextField label="Client’s email for the portal" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
          <button type="submit" className="button primary">
            Create portal invitation
          </button>
        </form>
      ) : null}
      {link && emailedTo ? <p role="status">The invitation was emailed to {emailedTo}. The link is below too, to pass on another way.</p> : null}
      {link ? <CopyLink label="Portal invitation link" url={link} /> : null}
      {client.portal !== 'none' && canSwitch ? (
        client.portal === 'active' ? (
          <button type="button" className="button secondary" onClick={() => void switchTo('disabled')}>
            Switch portal off
          </button>
        ) : (
          <button type="button" className="button secondary" onClick={() => void switchTo('active')}>
            Switch portal on
          </button>
        )
      ) : null}
    </section>
  );
}
