import { useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/field.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { roleList } from '../components/roles.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';

/** Accepting a one-time invitation: staff from the admin, clients from their therapist. */
export function InvitePage({ token }: { token: string }) {
  const invite = useResource(() => api.inspectInvite(token), [token]);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [accepted, setAccepted] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    setAccepted((await api.acceptInvite(token, displayName, password)).email);
  });

  if (accepted) {
    return (
      <section className="card auth-card">
        <PageHeading title="Your account is ready" />
        <p>
          Sign in with <strong>{accepted}</strong> and the password you just chose.
        </p>
        <Link className="button primary" to="/sign-in">
          Go to sign in
        </Link>
      </section>
    );
  }
  if (invite.loading && !invite.data) return <Loading what="Opening your invitation" />;
  if (!invite.data) {
    return (
      <section className="card auth-card">
        <PageHeading title="This invitation cannot be used" />
        <ErrorNote message={invite.error} />
        <p>Invitation links work once and expire after a few days. Ask the person who invited you for a new one.</p>
      </section>
    );
  }
  // The invitation's role decides the wording only (a label); the server decides the rest once signed in.
  const isClient = invite.data.roles.includes('client'); // eslint-disable-line no-restricted-syntax
  return (
    <section className="card auth-card">
      <PageHeading title={`Join ${invite.data.practiceName}`} />
      <p>
        {isClient ? (
          <>
            Your therapist has invited you to the client portal of <strong>{invite.data.practiceName}</strong>.
          </>
        ) : (
          <>
            You have been invited to <strong>{invite.data.practiceName}</strong> as {roleList(invite.data.roles)}.
          </>
        )}
      </p>
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd>{invite.data.email}</dd>
        </div>
      </dl>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <TextField
          label={isClient ? 'What should we call you?' : 'Your name'}
          hint={isClient ? 'Your first name is enough.' : 'As colleagues and clients will see it.'}
          required
          maxLength={120}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          autoComplete="name"
        />
        <PasswordField label="Choose a password" isNew required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create my account'}
        </button>
      </form>
    </section>
  );
}
