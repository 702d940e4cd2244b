import { useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { CopyLink } from './copy-link.tsx';
import { TextField } from './field.tsx';
import { DoneNote, ErrorNote } from './notice.tsx';
import { useSubmit } from '../use-submit.ts';
import { useResource } from '../use-resource.ts';
import { measuresApi } from '../measures/api.ts';
import { Checkbox } from './field.tsx';

const PORTAL_WORDS = { none: 'No portal account', active: 'Portal account active', disabled: 'Portal account disabled' } as const;

/**
 * Whether the client sees their own scores in the portal: the therapist's choice per client
 * (issue 13). The scores are recorded either way; hiding them changes only the portal.
 */
function PortalScoresSwitch({ clientId }: { clientId: string }) {
  const setting = useResource(() => measuresApi.portalScores(clientId), [clientId]);
  // The box follows the click at once; the server's answer (or a refusal) then sets it.
  const [shown, setShown] = useState<boolean | null>(null);
  const { error, busy, run } = useSubmit();
  if (!setting.data) return <ErrorNote message={setting.error} />;
  return (
    <>
      <Checkbox
        label="Show the client their scores in the portal"
        checked={shown ?? !setting.data.hidden}
        disabled={busy}
        onChange={(e) => {
          const show = e.target.checked;
          setShown(show);
          void run(async () => {
            try {
              const r = await measuresApi.setPortalScores(clientId, !show);
              setShown(!r.hidden);
            } catch (err) {
              setShown(null);
              throw err;
            }
          });
        }}
        hint="Some clients are helped by watching a chart; for others you may rather talk progress through in sessions. Their answers are recorded either way."
      />
      <ErrorNote message={error} />
    </>
  );
}

/** The client's portal account: its state, an invitation link, and switching it off or on. */
export function PortalPanel({
  client,
  canInvite,
  canSwitch,
  canChooseScores = false,
  onChanged,
}: {
  client: Client;
  canInvite: boolean;
  canSwitch: boolean;
  canChooseScores?: boolean;
  onChanged(): void;
}) {
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
      {canChooseScores ? <PortalScoresSwitch clientId={client.id} /> : null}
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
