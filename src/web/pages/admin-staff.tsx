import { useState } from 'react';
import { api } from '../api.ts';
import type { Invite, StaffRole, User } from '../api.ts';
import { CopyLink } from '../components/copy-link.tsx';
import { Checkbox, TextField } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useReauth } from '../components/reauth-prompt.tsx';
import { ROLE_LABELS, RoleTags } from '../components/roles.tsx';
import { formatDay } from '../dates.ts';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { usePaged, useSettled } from '../use-paged.ts';
import { FormProblem, useSubmit } from '../use-submit.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['admin', 'therapist', 'supervisor'];

function RolePicker({ legend, value, onChange }: { legend: string; value: StaffRole[]; onChange(v: StaffRole[]): void }) {
  const toggle = (r: StaffRole, on: boolean) => onChange(on ? [...value, r] : value.filter((x) => x !== r));
  return (
    <fieldset className="inline-checks">
      <legend>{legend}</legend>
      {STAFF_ROLES.map((r) => (
        <Checkbox key={r} label={ROLE_LABELS[r]} checked={value.includes(r)} onChange={(e) => toggle(r, e.target.checked)} />
      ))}
    </fieldset>
  );
}

function InviteStaff({ onInvited }: { onInvited(): void }) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['therapist']);
  const [link, setLink] = useState<{ email: string; url: string; emailed: boolean } | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    if (!roles.length) throw new FormProblem('Choose at least one role.');
    const invite = await api.inviteStaff(email, roles);
    setLink({ email: invite.email, url: `${location.origin}${invite.path ?? ''}`, emailed: !!invite.emailed });
    setEmail('');
    onInvited();
  });
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a colleague</h2>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <TextField label="Their email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <RolePicker legend="Roles" value={roles} onChange={setRoles} />
        <button type="submit" className="button primary" disabled={busy}>
          Create invitation link
        </button>
      </form>
      {link ? (
        <>
          {link.emailed ? <p role="status">The invitation was emailed to {link.email}. The link is below too, to pass on another way.</p> : null}
          <CopyLink label={`Invitation link for ${link.email}`} url={link.url} />
        </>
      ) : null}
    </section>
  );
}

/**
 * A one-time link that replaces one of a colleague's factors (services/accounts/recovery.ts): a new
 * password, or removing a lost authenticator (they confirm their password on the link's page).
 * Needs the admin's password confirmed lately; emailed to the colleague when mail is on.
 */
function ResetLinks({ user }: { user: User }) {
  const { guard, prompt } = useReauth('Reset links are recorded in the audit trail.');
  const [link, setLink] = useState<{ url: string; kind: 'password' | 'second_factor'; emailed: boolean } | null>(null);
  const { error, run } = useSubmit();
  const make = (kind: 'password' | 'second_factor') =>
    run(async () => {
      const r = await guard(() => api.resetLink(user.id, kind));
      setLink({ url: `${location.origin}${r.path}`, kind, emailed: r.emailed });
    });
  return (
    <>
      <div className="button-row">
        <button
          type="button"
          className="button secondary small"
          onClick={() => void make('password')}
          aria-label={`Password reset link for ${user.displayName}`}
        >
          Password reset link
        </button>
        {user.mfaEnabled ? (
          <button
            type="button"
            className="button secondary small"
            onClick={() => void make('second_factor')}
            aria-label={`Second-factor reset link for ${user.displayName}`}
          >
            Second-factor reset link
          </button>
        ) : null}
      </div>
      <ErrorNote message={error} />
      {prompt}
      {link ? (
        <>
          {link.emailed ? <p role="status">Emailed to {user.email}.</p> : null}
          <CopyLink label={`${user.displayName}’s ${link.kind === 'password' ? 'password' : 'second-factor'} reset link`} url={link.url} />
          <p className="hint">It works for a day. {link.kind === 'second_factor' ? 'They confirm their password before the authenticator is removed.' : ''}</p>
        </>
      ) : null}
    </>
  );
}

function StaffRow({ user, isMe, onChanged }: { user: User; isMe: boolean; onChanged(message: string): void }) {
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<StaffRole[]>(user.roles.filter((r): r is StaffRole => r !== 'client'));
  // Giving yourself a clinical role asks for your password first (the server says when).
  const { guard, prompt } = useReauth();
  // The buttons are not disabled while a change runs (`busy` unused): the reauth dialog may stand in between.
  const { error, run } = useSubmit();
  const act = (patch: { roles?: StaffRole[]; status?: 'active' | 'disabled' }, message: string) =>
    run(async () => {
      await guard(() => api.updateStaff(user.id, patch));
      setEditing(false);
      onChanged(message);
    });
  const active = user.status === 'active';
  return (
    <tr>
      <th scope="row">
        {user.displayName}
        {isMe ? <span className="hint"> (you)</span> : null}
        <br />
        <span className="muted">{user.email}</span>
      </th>
      <td>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act({ roles }, `Roles of ${user.displayName} changed.`);
            }}
          >
            <RolePicker legend={`Roles of ${user.displayName}`} value={roles} onChange={setRoles} />
            <div className="button-row">
              <button type="submit" className="button primary small">
                Save roles
              </button>
              <button type="button" className="button secondary small" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <RoleTags roles={user.roles} />
        )}
        <ErrorNote message={error} />
        {prompt}
      </td>
      <td>
        <span className={active ? 'badge badge-ok' : 'badge badge-off'}>{active ? 'Active' : 'Disabled'}</span>
      </td>
      <td>{user.mfaEnabled ? 'Set up' : 'Not set up'}</td>
      <td>
        <div className="button-row">
          {!editing ? (
            <button type="button" className="button secondary small" onClick={() => setEditing(true)} aria-label={`Change roles of ${user.displayName}`}>
              Change roles
            </button>
          ) : null}
          {active ? (
            <button
              type="button"
              className="button danger small"
              disabled={isMe}
              onClick={() => void act({ status: 'disabled' }, `${user.displayName} was disabled and signed out.`)}
              aria-label={`Disable ${user.displayName}`}
            >
              Disable
            </button>
          ) : (
            <button
              type="button"
              className="button secondary small"
              onClick={() => void act({ status: 'active' }, `${user.displayName} can sign in again.`)}
              aria-label={`Enable ${user.displayName}`}
            >
              Enable
            </button>
          )}
        </div>
        {active && !isMe ? <ResetLinks user={user} /> : null}
      </td>
    </tr>
  );
}

function OpenInvites({ invites, timeZone }: { invites: Invite[]; timeZone: string }) {
  return (
    <section className="card" aria-labelledby="open-title">
      <h2 id="open-title">Open invitations</h2>
      {invites.length === 0 ? (
        <p>No invitations are waiting to be accepted.</p>
      ) : (
        <ScrollBox label="Invitations waiting to be accepted">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {invites.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>
                    <RoleTags roles={i.roles} />
                  </td>
                  <td>{formatDay(i.expiresAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/** Staff a page of the staff list shows. */
const STAFF_PAGE_SIZE = 50;

export function AdminStaffPage() {
  const session = useSession();
  const timeZone = usePracticeZone();
  const [search, setSearch] = useState('');
  const settled = useSettled(search.trim());
  const query = /[\p{L}\p{N}]/u.test(settled) ? settled : '';
  // Pages of the staff, in the order they joined; the search asks the server (name words, or an exact email).
  const staff = usePaged((after) => api.staffPage({ after, q: query || undefined, limit: STAFF_PAGE_SIZE }), [query]);
  const invites = useResource(() => api.openInvites(), []);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <PageHeading title="Staff" />
      <DoneNote message={done} />
      <section className="card" aria-labelledby="staff-title">
        <h2 id="staff-title">People in the practice</h2>
        <ErrorNote message={staff.error} />
        <div className="toolbar">
          <div className="filters">
            <TextField label="Search staff by name or email" type="search" value={search} onChange={(e) => setSearch(e.target.value)} className="filter" />
          </div>
          {staff.items ? (
            <p className="count" role="status">
              {`Showing ${staff.items.length} ${query ? 'matching ' : ''}staff member${staff.items.length === 1 ? '' : 's'}${staff.more ? ', more to load' : ''}`}
            </p>
          ) : null}
        </div>
        {staff.items ? (
          <ScrollBox label="Staff">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">Authenticator</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {staff.items.map((u) => (
                  <StaffRow
                    key={`${u.id}-${u.roles.join()}-${u.status}`}
                    user={u}
                    isMe={u.id === session.user.id}
                    onChanged={(m) => {
                      setDone(m);
                      void staff.reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
            {query && staff.items.length === 0 && !staff.loading ? <p className="empty">No staff match this search.</p> : null}
            {staff.more ? (
              <p>
                <button type="button" className="button" disabled={staff.loading} onClick={() => void staff.loadMore()}>
                  Load more staff
                </button>
              </p>
            ) : null}
          </ScrollBox>
        ) : (
          <Loading />
        )}
      </section>
      <InviteStaff onInvited={() => void invites.reload()} />
      {invites.data ? <OpenInvites invites={invites.data} timeZone={timeZone} /> : <ErrorNote message={invites.error} />}
    </>
  );
}
