/**
 * The admin's Mail page: whether Accord sends email and through which SMTP server, a test message,
 * and the outbox (what was sent to whom, and what is waiting or failed). With mail off everything
 * else works: invitation and reset links are shown to copy as always.
 */
import { useState } from 'react';
import { mailApi } from './api.ts';
import type { MailSettings, MailSettingsInput, OutboxEntry } from './api.ts';
import { Checkbox, SelectField, TextField } from '../components/field.tsx';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { formatDateTime } from '../dates.ts';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

const SECURITY = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
  { value: 'none', label: 'None (a relay on this machine only)' },
] as const;

function SettingsForm({ settings, onSaved }: { settings: MailSettings; onSaved(s: MailSettings): void }) {
  const [enabled, setEnabled] = useState(settings.enabled);
  const [host, setHost] = useState(settings.host);
  const [port, setPort] = useState(String(settings.port));
  const [security, setSecurity] = useState<MailSettings['security']>(settings.security);
  const [sender, setSender] = useState(settings.sender);
  const [username, setUsername] = useState(settings.username ?? '');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    setDone(null);
    const input: MailSettingsInput = {
      enabled,
      host: host.trim(),
      port: Number(port),
      security,
      sender: sender.trim(),
      username: username.trim() || null,
      ...(password ? { password } : username.trim() ? {} : { password: null }),
    };
    const saved = await mailApi.saveSettings(input);
    setPassword('');
    setDone(saved.enabled ? 'Mail is on. Send a test message to check it.' : 'Mail is off.');
    onSaved(saved);
  });
  return (
    <section className="card" aria-labelledby="smtp-title">
      <h2 id="smtp-title">SMTP server</h2>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <Checkbox
          label="Send email"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          hint="Invitations, reset links, reminders to clients, escalation notices and the daily digest. No message ever holds a client’s name or anything clinical: only that something waits in Accord, and a link."
        />
        <TextField label="Server" placeholder="smtp.example.org" maxLength={253} value={host} onChange={(e) => setHost(e.target.value)} />
        <TextField label="Port" inputMode="numeric" pattern="[0-9]*" className="short" required value={port} onChange={(e) => setPort(e.target.value)} />
        <SelectField label="Security" options={SECURITY} value={security} onChange={(e) => setSecurity(e.target.value as MailSettings['security'])} />
        <TextField label="Sender address" type="email" placeholder="practice@example.org" value={sender} onChange={(e) => setSender(e.target.value)} />
        <TextField
          label="User name"
          hint="Leave empty if the server does not ask for a sign-in."
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <PasswordField label="Password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {settings.hasPassword ? <p className="hint">A password is stored (it is never shown). Leave the field empty to keep it.</p> : null}
        <button type="submit" className="button primary" disabled={busy}>
          Save mail settings
        </button>
      </form>
    </section>
  );
}

function TestMessage({ on, onQueued }: { on: boolean; onQueued(): void }) {
  const [to, setTo] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    const r = await mailApi.test(to);
    setDone(r.queued ? `A test message to ${to} is on its way. Its state shows in the outbox below.` : 'Mail is off, so nothing was sent.');
    onQueued();
  });
  return (
    <section className="card" aria-labelledby="test-title">
      <h2 id="test-title">Test message</h2>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      {on ? null : <p className="hint">Turn mail on first.</p>}
      <form onSubmit={(e) => void submit(e)}>
        <TextField label="Send a test message to" type="email" required value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" className="button secondary" disabled={busy || !on}>
          Send test message
        </button>
      </form>
    </section>
  );
}

const STATUS_LABEL: Record<OutboxEntry['status'], string> = { queued: 'Waiting', sent: 'Sent', failed: 'Not delivered' };

function Outbox({ entries, mailOff, timeZone, onRefresh }: { entries: OutboxEntry[]; mailOff: boolean; timeZone: string; onRefresh(): void }) {
  return (
    <section className="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox</h2>
      <p className="hint">The latest 50 messages. Their links are not shown here: they work only for the person they were sent to.</p>
      {mailOff && entries.some((e) => e.status === 'sent') ? <p className="hint">Mail is off now: the messages marked sent went out while it was on.</p> : null}
      {entries.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ScrollBox label="Messages">
          <table>
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">To</th>
                <th scope="col">State</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((m) => (
                <tr key={m.id}>
                  <td>{m.label}</td>
                  <td>{m.to}</td>
                  <td>
                    <span className={m.status === 'sent' ? 'badge badge-ok' : m.status === 'failed' ? 'badge badge-warn' : 'badge badge-off'}>
                      {STATUS_LABEL[m.status]}
                    </span>
                    {m.status === 'sent' && m.sentAt ? <span className="muted"> {formatDateTime(m.sentAt, timeZone)}</span> : null}
                    {m.status !== 'sent' && m.lastError ? (
                      <span className="muted">
                        {' '}
                        after {m.attempts} {m.attempts === 1 ? 'try' : 'tries'} ({m.lastError})
                        {m.nextAttemptAt ? `; next try ${formatDateTime(m.nextAttemptAt, timeZone)}` : ''}
                      </span>
                    ) : null}
                  </td>
                  <td>{formatDateTime(m.createdAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <button type="button" className="button secondary small" onClick={onRefresh}>
        Refresh
      </button>
    </section>
  );
}

export function AdminMailPage() {
  const timeZone = usePracticeZone();
  const settings = useResource(() => mailApi.settings(), []);
  const outbox = useResource(() => mailApi.outbox(), []);
  const [current, setCurrent] = useState<MailSettings | null>(null);
  const s = current ?? settings.data;
  return (
    <>
      <PageHeading title="Mail" />
      <ErrorNote message={settings.error ?? outbox.error} />
      {s ? (
        <>
          {s.enabled ? (
            <InfoNote>
              Mail is on: sent through {s.host}:{s.port} from {s.sender}.
            </InfoNote>
          ) : (
            <InfoNote>
              Mail is off. Accord works without it: invitation and reset links are shown for you to pass on, and clients see what is due when they sign in.
            </InfoNote>
          )}
          <SettingsForm settings={s} onSaved={setCurrent} />
          <TestMessage on={s.enabled} onQueued={() => setTimeout(() => void outbox.reload(), 1500)} />
        </>
      ) : (
        <Loading />
      )}
      {outbox.data ? <Outbox entries={outbox.data} mailOff={s ? !s.enabled : false} timeZone={timeZone} onRefresh={() => void outbox.reload()} /> : null}
    </>
  );
}
