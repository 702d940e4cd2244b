/**
 * One supervision note and its thread (SPEC §3 C9), for the two people it is between: the
 * supervisor who wrote it and the supervisee it is to. Either can reply; the supervisee
 * acknowledges it. Opening it is recorded in the audit trail, without its words.
 */
import { useState } from 'react';
import { SUPERVISION_NOTE_MAX_CHARS } from '../../domain/supervision/supervision.ts';
import { TextArea } from '../components/field.tsx';
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
            <blockquote className="note-text">{n.text ?? UNREAD}</blockquote>
            <p className="muted">
              {n.acknowledgedAt
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
