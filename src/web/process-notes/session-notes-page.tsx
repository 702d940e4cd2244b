/**
 * A session's process notes (issue 11): the author writes one, opens it — after confirming their
 * password (and authenticator code) when the last confirmation is older than the practice allows —
 * and rewrites it; a supervisor opens the notes granted to them. The text is fetched only when a
 * note is opened and is dropped again when it is closed.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { PROCESS_NOTE_MAX_CHARS } from '../../domain/process-notes/process-note.ts';
import { formatDateTime, formatDay } from '../dates.ts';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { TextArea } from '../components/field.tsx';
import { useReauth } from '../components/reauth-prompt.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { processNotesApi } from './api.ts';
import type { ProcessNoteOpened, ProcessNoteSummary } from './api.ts';
import './process-notes.css';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';

const MAX = PROCESS_NOTE_MAX_CHARS;
const HINT = 'Opening a process note is recorded in the audit trail, without its content.';

function NoteItem({
  note,
  sessionId,
  guard,
  onChanged,
}: {
  note: ProcessNoteSummary;
  sessionId: string;
  guard: ReturnType<typeof useReauth>['guard'];
  onChanged(m: string): void;
}) {
  const timeZone = usePracticeZone();
  const [opened, setOpened] = useState<ProcessNoteOpened | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const open = useSubmit();
  const save = useSubmit(async () => {
    if (draft === null) return;
    await guard(() => processNotesApi.edit(sessionId, note.id, draft));
    setOpened(null);
    setDraft(null);
    onChanged('Your process note was saved.');
  });
  const label = `${note.mine ? 'Your note' : `Note by ${note.authorName}`}, written ${formatDateTime(note.createdAt, timeZone)}`;
  return (
    <li className="card process-note" aria-label={label}>
      <p className="note-meta">
        <strong>{label}</strong>
        {note.updatedAt !== note.createdAt ? <span className="muted"> · changed {formatDay(note.updatedAt, timeZone)}</span> : null}
      </p>
      <ErrorNote message={open.error ?? save.error} />
      {!opened ? (
        <button
          type="button"
          className="button secondary"
          disabled={open.busy}
          onClick={() => void open.run(async () => setOpened(await guard(() => processNotesApi.open(sessionId, note.id))))}
        >
          Open note
        </button>
      ) : draft !== null ? (
        <form onSubmit={(e) => void save.submit(e)}>
          <TextArea label="Process note" rows={8} maxLength={MAX} required value={draft} onChange={(e) => setDraft(e.target.value)} />
          <div className="button-row">
            <button type="submit" className="button primary" disabled={save.busy}>
              Save changes
            </button>
            <button type="button" className="button secondary" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <blockquote className="note-text">{opened.text}</blockquote>
          <div className="button-row">
            {note.mine ? (
              <button type="button" className="button secondary" onClick={() => setDraft(opened.text)}>
                Edit note
              </button>
            ) : null}
            <button type="button" className="button secondary" onClick={() => setOpened(null)}>
              Close note
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function WriteForm({ sessionId, onWritten }: { sessionId: string; onWritten(m: string): void }) {
  const [text, setText] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await processNotesApi.write(sessionId, text);
    setText('');
    onWritten('Your process note was saved. It stays private to you.');
  });
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="write-note-title">
      <h2 id="write-note-title">Write a process note</h2>
      <ErrorNote message={error} />
      <TextArea
        label="Process note"
        hint="Your own reactions and hypotheses about the session. Private to you: not part of the client’s record, exports or analysis."
        rows={8}
        maxLength={MAX}
        required
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Save process note
      </button>
    </form>
  );
}

export function SessionNotesPage({ clientId, sessionId }: { clientId: string; sessionId: string }) {
  const timeZone = usePracticeZone();
  const client = useResource(() => api.client(clientId), [clientId]);
  const courses = useResource(() => api.courses(clientId), [clientId]);
  const notes = useResource(() => processNotesApi.ofClient(clientId), [clientId]);
  const { guard, prompt } = useReauth(HINT);
  const [done, setDone] = useState<string | null>(null);
  const session = courses.data?.flatMap((k) => k.sessions).find((s) => s.id === sessionId);
  const when = session ? formatDateTime(session.startsAt, timeZone) : null;
  const changed = (m: string) => {
    setDone(m);
    void notes.reload();
  };
  const error = client.error ?? courses.error ?? notes.error;
  return (
    <>
      <ClientBreadcrumb clientId={clientId} name={client.data?.name} here="Process notes" />
      <PageHeading title={when ? `Process notes — session of ${when}` : 'Process notes'} />
      <ErrorNote message={error} />
      <DoneNote message={done} />
      {!client.data || !notes.data || !courses.data ? (
        error ? null : (
          <Loading />
        )
      ) : !session ? (
        <p>This session was not found.</p>
      ) : (
        <>
          <p className="hint">
            Only the author opens a process note, after confirming their password within the last {notes.data.reauthMinutes} minutes; a supervisor opens one
            only while the author’s training grant for this client holds.
          </p>
          {client.data.can['process-notes:write'] ? <WriteForm sessionId={sessionId} onWritten={changed} /> : null}
          <section aria-labelledby="session-notes-title">
            <h2 id="session-notes-title">Notes on this session</h2>
            {notes.data.notes.filter((n) => n.sessionId === sessionId).length === 0 ? (
              <p className="muted">No process notes you can open on this session.</p>
            ) : (
              <ul className="note-items">
                {notes.data.notes
                  .filter((n) => n.sessionId === sessionId)
                  .map((n) => (
                    <NoteItem key={`${n.id}-${n.updatedAt}`} note={n} sessionId={sessionId} guard={guard} onChanged={changed} />
                  ))}
              </ul>
            )}
          </section>
        </>
      )}
      {prompt}
    </>
  );
}
