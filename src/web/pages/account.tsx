import { useState } from 'react';
import { api } from '../api.ts';
import type { AccessNotice } from '../api.ts';
import { AuthenticatorSetup } from '../components/authenticator-setup.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { ConfirmFields, usePasswordConfirm } from '../components/reauth-prompt.tsx';
import { OwnProcessNotesExport } from '../process-notes/own-export.tsx';
import { RoleTags } from '../components/roles.tsx';
import { useSession, useSessionApi } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { formatDateTime } from '../dates.ts';
import { RecoveryCodes } from '../components/recovery-codes.tsx';
import { DigestChoice } from '../mail/digest-choice.tsx';

function noticeText(n: AccessNotice): string {
  const who = n.selfGranted ? `${n.actorName} gave themselves` : `${n.actorName} gave ${n.granteeName}`;
  if (n.kind === 'supervisor_added') return `${who} supervision of your work: they can now read your clients’ records (not process notes).`;
  if (n.kind === 'escalation_colleague')
    return `${who} the practice’s escalation role: your unacknowledged safety alerts go to them, unless you chose your own colleague.`;
  return `${who} one of your clients: it is no longer on your caseload.`;
}

/** Who gained access to this therapist's clients, and who gave it (SPEC §2: nobody widens access silently). */
function AccessNotices({ timeZone }: { timeZone: string }) {
  const notices = useResource(() => api.notices(), []);
  const { error, run } = useSubmit();
  const list = notices.data ?? [];
  const unread = list.filter((n) => !n.read).length;
  const markRead = () =>
    run(async () => {
      await api.markNoticesRead();
      await notices.reload();
    });
  return (
    <section className="card" aria-labelledby="notices-title">
      <h2 id="notices-title">
        Access to your clients
        {unread ? (
          <>
            {' '}
            <span className="badge badge-warn">{unread} new</span>
          </>
        ) : null}
      </h2>
      <p className="hint">
        You are told whenever someone is made your supervisor or is given one of your clients, and when a person gave that access to themselves.
      </p>
      <ErrorNote message={error ?? notices.error} />
      {!notices.data && !notices.error ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>Nobody has been given access to your clients.</p>
      ) : (
        <>
          <ul className="notices">
            {list.map((n) => (
              <li key={n.id} className={n.read ? 'notice-read' : 'notice-unread'}>
                {n.read ? null : <strong>New: </strong>}
                {noticeText(n)} <span className="muted">({formatDateTime(n.at, timeZone)})</span>
              </li>
            ))}
          </ul>
          {unread ? (
            <button type="button" className="button secondary small" onClick={() => void markRead()}>
              Mark as read
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function ChangePassword() {
  const { signOut } = useSessionApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  // On success the sign-out takes the person to the sign-in page.
  const { error, busy, submit } = useSubmit(async () => {
    await api.changePassword(current, next);
    await signOut('Your password has been changed and you have been signed out everywhere. Sign in with the new password.');
  });
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p className="hint">Changing your password signs you out on every device.</p>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <PasswordField label="Current password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <PasswordField label="New password" isNew required value={next} onChange={(e) => setNext(e.target.value)} />
        <button type="submit" className="button primary" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}

function RemoveAuthenticator({ onRemoved }: { onRemoved(): void }) {
  const [open, setOpen] = useState(false);
  const confirm = usePasswordConfirm(async () => {
    await api.removeMfa();
    onRemoved();
  });
  const { error, busy, submit } = confirm;
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        Remove authenticator…
      </button>
    );
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>To remove the authenticator app, confirm your password and a code from it.</p>
      <ErrorNote message={error} />
      <ConfirmFields state={confirm} />
      <div className="button-row">
        <button type="submit" className="button danger" disabled={busy}>
          Remove authenticator
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

/** How many recovery codes are left, and new ones (the old stop working) after the password is confirmed. */
function RecoveryCodesPanel() {
  const left = useResource(() => api.recoveryCodesLeft(), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [asking, setAsking] = useState(false);
  const confirm = usePasswordConfirm(async () => {
    setCodes((await api.newRecoveryCodes()).codes);
    setAsking(false);
  });
  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        doneLabel="Done"
        onDone={() => {
          setCodes(null);
          void left.reload();
        }}
      />
    );
  return (
    <div className="stack">
      {left.data ? (
        <p>
          {left.data.remaining === 0
            ? 'You have no unused recovery codes left.'
            : `You have ${left.data.remaining} unused recovery ${left.data.remaining === 1 ? 'code' : 'codes'} for a lost phone.`}
        </p>
      ) : null}
      {asking ? (
        <form onSubmit={(e) => void confirm.submit(e)}>
          <p>New codes replace the old ones. Confirm your password and a code from the app.</p>
          <ErrorNote message={confirm.error} />
          <ConfirmFields state={confirm} />
          <div className="button-row">
            <button type="submit" className="button primary" disabled={confirm.busy}>
              Make new recovery codes
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button secondary" onClick={() => setAsking(true)}>
          New recovery codes…
        </button>
      )}
    </div>
  );
}

function SecondFactor() {
  const session = useSession();
  const { reload } = useSessionApi();
  const [done, setDone] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // Whether the practice requires a second factor of the caller's roles: the session says (mfa:remove).
  const required = !session.can['mfa:remove'];
  return (
    <section className="card" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Second factor</h2>
      <DoneNote message={done} />
      {session.user.mfaEnabled ? (
        <>
          <p>
            <span className="badge badge-ok">On</span> Signing in needs a code from your authenticator app.
          </p>
          <RecoveryCodesPanel />
          {required ? (
            <p className="hint">Your practice requires a second factor for your role, so it cannot be removed.</p>
          ) : (
            <RemoveAuthenticator
              onRemoved={() => {
                setDone('The authenticator app was removed.');
                void reload();
              }}
            />
          )}
        </>
      ) : adding ? (
        <AuthenticatorSetup
          onDone={() => {
            setAdding(false);
            setDone('Your authenticator app is set up.');
            void reload();
          }}
        />
      ) : (
        <>
          <p>
            <span className="badge badge-off">Off</span> Signing in needs only your password.
          </p>
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Set up an authenticator app
          </button>
        </>
      )}
    </section>
  );
}

export function AccountPage() {
  const session = useSession();
  return (
    <>
      <PageHeading title="Your account" />
      <section className="card" aria-labelledby="you-title">
        <h2 id="you-title">You</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{session.user.displayName}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{session.user.email}</dd>
          </div>
          {/* The roles shown as a label, not a permission. */}
          <div>
            <dt>Roles</dt>
            <dd>
              {/* eslint-disable-next-line no-restricted-syntax */}
              <RoleTags roles={session.user.roles} />
            </dd>
          </div>
        </dl>
      </section>
      {/* Notices of who gained access to one's own clients: for those who may have clients of their own. */}
      {session.can['course:write'] ? <AccessNotices timeZone={session.practice?.timeZone ?? 'UTC'} /> : null}
      <ChangePassword />
      {session.can['mfa:manage'] ? <SecondFactor /> : null}
      {session.can['mfa:manage'] ? <DigestChoice /> : null}
      {session.can['process-notes:export'] ? <OwnProcessNotesExport /> : null}
    </>
  );
}
