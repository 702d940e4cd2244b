/**
 * One supervision note and its thread (SPEC §3 C9), for the two people it is between: the
 * supervisor who wrote it and the supervisee it is to. Either can reply; the supervisee
 * acknowledges it; the supervisor may amend its words (the earlier words stay visible to both, and
 * the supervisee is asked to acknowledge again) or withdraw it for a listed reason (it stays,
 * marked withdrawn, closed to replies). Opening it is recorded in the audit trail, without its words.
 */
import { useState } from 'react';
import type { WithdrawReason } from '../../domain/supervision/supervision.ts';
import { SUPERVISION_NOTE_MAX_CHARS, WITHDRAW_REASON_LABELS, WITHDRAW_REASONS } from '../../domain/supervision/supervision.ts';
import { SelectField, TextArea } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatDateTime } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import type { SupervisionNoteOpenedView } from './api.ts';
import { superviseePath, supervisionApi } from './api.ts';
import { focusLabel, typeLabel } from './parts.tsx';
import './supervision.css';

const UNREAD = 'These words can no longer be read: the client’s record was erased.';

function ReplyForm({ note, onDone }: { note: SupervisionNoteOpenedView; onDone(n: SupervisionNoteOpenedView, m: string): void }) {
  const [text, setText] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const next = await supervisionApi.reply(note.id, text);
    setText('');
    onDone(next, 'Your reply was added.');
  });
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="reply-title" className="card">
      <h2 id="reply-title">Reply</h2>
      <ErrorNote message={error} />
      <TextArea
        label="Your reply"
        rows={4}
        maxLength={SUPERVISION_NOTE_MAX_CHARS}
        required
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={note.as === 'supervisee' ? `Read by ${note.supervisor.name} only.` : `Read by ${note.supervisee.name} only.`}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Add reply
      </button>
    </form>
  );
}

/** The supervisor's corrections: new words (the old ones are kept), or the note withdrawn. */
function ChangeForms({ note, onDone }: { note: SupervisionNoteOpenedView; onDone(n: SupervisionNoteOpenedView, m: string): void }) {
  const [open, setOpen] = useState<'amend' | 'withdraw' | null>(null);
  const [text, setText] = useState(note.text ?? '');
  const [reason, setReason] = useState<WithdrawReason>('written_in_error');
  const amend = useSubmit(async () => {
    const next = await supervisionApi.amend(note.id, text);
    setOpen(null);
    onDone(next, `Amended. The earlier words stay under the note, and ${note.supervisee.name} is asked to acknowledge it again.`);
  });
  const withdraw = useSubmit(async () => {
    const next = await supervisionApi.withdraw(note.id, reason);
    setOpen(null);
    onDone(next, `Withdrawn. ${note.supervisee.name} still sees it, marked withdrawn; it no longer asks to be acknowledged or answered.`);
  });
  return (
    <section aria-label="Change this note" className="supervision-change">
      <div className="button-row">
        {note.can.amend ? (
          <button type="button" className="button secondary" aria-expanded={open === 'amend'} onClick={() => setOpen(open === 'amend' ? null : 'amend')}>
            Amend the words
          </button>
        ) : null}
        <button type="button" className="button secondary" aria-expanded={open === 'withdraw'} onClick={() => setOpen(open === 'withdraw' ? null : 'withdraw')}>
          Withdraw the note
        </button>
      </div>
      {open === 'amend' ? (
        <form onSubmit={(e) => void amend.submit(e)} aria-labelledby="amend-title" className="card">
          <h2 id="amend-title">Amend the words</h2>
          <ErrorNote message={amend.error} />
          <TextArea
            label="The note’s words"
            rows={6}
            maxLength={SUPERVISION_NOTE_MAX_CHARS}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
            hint={`The words you replace stay under the note for you and ${note.supervisee.name}.`}
          />
          <button type="submit" className="button primary" disabled={amend.busy}>
            Save the amended words
          </button>
        </form>
      ) : null}
      {open === 'withdraw' ? (
        <form onSubmit={(e) => void withdraw.submit(e)} aria-labelledby="withdraw-title" className="card">
          <h2 id="withdraw-title">Withdraw the note</h2>
          <ErrorNote message={withdraw.error} />
          <SelectField
            label="Why"
            value={reason}
            onChange={(e) => setReason(e.target.value as WithdrawReason)}
            options={WITHDRAW_REASONS.map((r) => ({ value: r, label: WITHDRAW_REASON_LABELS[r] }))}
            hint="The note and its replies stay, marked withdrawn; nobody can answer or change it afterwards."
          />
          <button type="submit" className="button danger" disabled={withdraw.busy}>
            Withdraw
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function SupervisionNotePage({ noteId }: { noteId: string }) {
  const timeZone = usePracticeZone();
  const loaded = useResource(() => supervisionApi.open(noteId), [noteId]);
  const [note, setNote] = useState<SupervisionNoteOpenedView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ack = useSubmit();
  const n = note ?? loaded.data;
  const update = (next: SupervisionNoteOpenedView, message: string) => {
    setNote(next);
    setDone(message);
  };
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        {n?.as === 'supervisor' ? (
          <>
            <Link to="/supervision">Supervisees</Link> <span aria-hidden="true">›</span> <Link to={superviseePath(n.supervisee.id)}>{n.supervisee.name}</Link>
          </>
        ) : (
          <Link to="/supervision/notes">Supervision notes</Link>
        )}{' '}
        <span aria-hidden="true">›</span> Note
      </nav>
      <PageHeading title={n ? focusLabel(n.focus) : 'Supervision note'} />
      <ErrorNote message={loaded.error ?? ack.error} />
      <DoneNote message={done} />
      {!n ? (
        loaded.error ? null : (
          <Loading what="Opening the note" />
        )
      ) : (
        <>
          <article className="card supervision-note" aria-label="Supervision note">
            <p className="note-meta muted">
              From {n.supervisor.name} to {n.supervisee.name} · {formatDateTime(n.createdAt, timeZone)}
              {n.client ? (
                <>
                  {' '}
                  · about <Link to={`/clients/${encodeURIComponent(n.client.id)}`}>{n.client.name}</Link>
                </>
              ) : null}
              {n.allianceType ? ` · ${typeLabel(n.allianceType)} alliance` : ''}
            </p>
            {n.withdrawn ? (
              <p className="note-withdrawn" role="note">
                Withdrawn by {n.supervisor.name} on {formatDateTime(n.withdrawn.at, timeZone)}: {WITHDRAW_REASON_LABELS[n.withdrawn.reason]}.
              </p>
            ) : null}
            <blockquote className="note-text">{n.text ?? UNREAD}</blockquote>
            {n.amendedAt ? <p className="muted">Amended on {formatDateTime(n.amendedAt, timeZone)}.</p> : null}
            {n.earlier.length ? (
              <details className="note-earlier">
                <summary>Earlier words ({n.earlier.length})</summary>
                <ol>
                  {n.earlier.map((v) => (
                    <li key={v.replacedAt}>
                      <p className="note-meta muted">
                        Written {formatDateTime(v.writtenAt, timeZone)}, replaced {formatDateTime(v.replacedAt, timeZone)}
                      </p>
                      <p className="note-text">{v.text ?? UNREAD}</p>
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
            <p className="muted">
              {n.withdrawn
                ? null
                : n.acknowledgedAt
                  ? `Acknowledged by ${n.supervisee.name} on ${formatDateTime(n.acknowledgedAt, timeZone)}.`
                  : `Not yet acknowledged by ${n.supervisee.name}.`}
            </p>
            {n.can.acknowledge ? (
              <button
                type="button"
                className="button secondary"
                disabled={ack.busy}
                onClick={() => void ack.run(async () => update(await supervisionApi.acknowledge(n.id), 'Marked as read. Your supervisor will see it.'))}
              >
                Acknowledge
              </button>
            ) : null}
          </article>
          {n.can.withdraw ? <ChangeForms key={n.amendedAt ?? n.createdAt} note={n} onDone={update} /> : null}
          <section aria-labelledby="thread-title">
            <h2 id="thread-title">Replies</h2>
            {n.thread.length === 0 ? (
              <p className="empty">No replies yet.</p>
            ) : (
              <ol className="supervision-thread">
                {n.thread.map((m) => (
                  <li key={m.id} className="card">
                    <p className="note-meta muted">
                      {m.author.name} · {formatDateTime(m.at, timeZone)}
                    </p>
                    <p className="note-text">{m.text ?? UNREAD}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>
          {n.can.reply ? <ReplyForm note={n} onDone={update} /> : null}
        </>
      )}
    </>
  );
}
