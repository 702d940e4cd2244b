/**
 * One session's notes in the staff app (SPEC §3 C6): the therapist writes the progress note as a
 * draft, signs it (locked from then on), adds signed, dated addenda, and shares it with the client
 * or not; the supervisor reads. The client's reflection appears, side by side with the note, once
 * the pair has opened. What is offered follows the server's answer (who wrote, what is signed) and
 * the session's `can`; the server decides again on every request.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Checkbox, TextArea } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatDay, formatLongDateTime } from '../dates.ts';
import { Redirect } from '../router.tsx';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { FormProblem, useSubmit } from '../use-submit.ts';
import { notesApi } from './api.ts';
import type { SessionNotes } from './api.ts';
import { SealedNotice, SideBySide } from './side-by-side.tsx';
import './notes.css';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';

type Changed = (view: SessionNotes, message: string) => void;

function DraftForm({ view, onChanged }: { view: SessionNotes; onChanged: Changed }): ReactNode {
  const timeZone = usePracticeZone();
  const note = view.note;
  const [text, setText] = useState(note?.text ?? '');
  const save = useSubmit(async () => {
    if (!text.trim()) throw new FormProblem('Write something before saving: an empty note is not kept.');
    onChanged(note ? await notesApi.edit(view.sessionId, text) : await notesApi.draft(view.sessionId, text), 'The draft was saved.');
  });
  const sign = useSubmit();
  const signNow = () =>
    sign.run(async () => {
      if (note && text.trim() !== note.text) await notesApi.edit(view.sessionId, text);
      onChanged(await notesApi.sign(view.sessionId), 'The note is signed. It is locked now; add an addendum to change it.');
    });
  return (
    <form onSubmit={(e) => void save.submit(e)} className="note-form">
      <ErrorNote message={save.error ?? sign.error} />
      <p className="note-status">
        {note ? `Draft, last saved ${formatLongDateTime(note.updatedAt, timeZone)}.` : 'No note yet.'} A draft can be changed; once signed it is locked.
      </p>
      <TextArea label="The note" rows={10} maxLength={20_000} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="note-actions">
        <button type="submit" className="button secondary" disabled={save.busy || sign.busy}>
          Save draft
        </button>
        {note ? (
          <button type="button" className="button primary" disabled={save.busy || sign.busy} onClick={() => void signNow()}>
            Sign and lock
          </button>
        ) : null}
      </div>
    </form>
  );
}

function SignedNote({ view, canWrite, onChanged }: { view: SessionNotes; canWrite: boolean; onChanged: Changed }): ReactNode {
  const timeZone = usePracticeZone();
  const note = view.note!;
  const [text, setText] = useState('');
  const amend = useSubmit(async () => {
    if (!text.trim()) throw new FormProblem('Write the addendum before adding it.');
    const next = await notesApi.amend(view.sessionId, text);
    setText('');
    onChanged(next, 'The addendum was signed and added.');
  });
  return (
    <>
      <p className="note-status">
        Signed {formatLongDateTime(note.signedAt!, timeZone)}
        {note.signedByName ? ` by ${note.signedByName}` : ''}. Locked.
      </p>
      <p className="pair-text">{note.text}</p>
      {note.addenda.map((a) => (
        <div key={a.id} className="pair-addendum">
          <p className="pair-meta">
            Addendum, {formatLongDateTime(a.writtenAt, timeZone)}
            {a.authorName ? `, signed by ${a.authorName}` : ''}
          </p>
          <p className="pair-text">{a.text}</p>
        </div>
      ))}
      {canWrite ? (
        <form onSubmit={(e) => void amend.submit(e)}>
          <ErrorNote message={amend.error} />
          <TextArea
            label="Add an addendum"
            hint="Signed and dated when you add it; the note above stays as it was."
            rows={3}
            maxLength={20_000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button secondary" disabled={amend.busy}>
            Sign and add the addendum
          </button>
        </form>
      ) : null}
    </>
  );
}

function ShareToggle({ view, onChanged }: { view: SessionNotes; onChanged: Changed }): ReactNode {
  const share = useSubmit();
  // Shown as chosen at once; put back if the server refuses.
  const [shared, setShared] = useState(view.note?.sharedWithClient ?? false);
  return (
    <div className="note-share">
      <ErrorNote message={share.error} />
      <Checkbox
        label="Share this note with the client"
        hint="The client reads it once it is signed and the pair has opened."
        checked={shared}
        disabled={share.busy}
        onChange={(e) => {
          const next = e.target.checked;
          setShared(next);
          void share.run(async () => {
            try {
              const v = await notesApi.share(view.sessionId, next);
              onChanged(v, next ? 'The note is shared with the client.' : 'The note is no longer shared with the client.');
            } catch (err) {
              setShared(!next);
              throw err;
            }
          });
        }}
      />
    </div>
  );
}

export function SessionNotesPage({ sessionId }: { sessionId: string }): ReactNode {
  const timeZone = usePracticeZone();
  const session = useSession();
  const res = useResource(() => notesApi.session(sessionId), [sessionId]);
  const [latest, setLatest] = useState<SessionNotes | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const view = latest ?? res.data;
  const changed: Changed = (v, message) => {
    setLatest(v);
    setDone(message);
  };
  if (!view) {
    return (
      <>
        <PageHeading title="Session notes" />
        {res.error ? <ErrorNote message={res.error} /> : <Loading />}
      </>
    );
  }
  // A client reads and writes on their own page in the portal.
  if (view.viewer === 'client') return <Redirect to={`/portal/sessions/${view.sessionId}`} />;
  const canWrite = view.viewer === 'therapist' && session.can['notes:write'];
  return (
    <>
      <ClientBreadcrumb clientId={view.clientId} name={view.clientName} here="Session notes" anchor={`session-${view.sessionId}`} />
      <PageHeading title={`${view.clientName}: session of ${formatDay(view.sessionAt, timeZone)}`} />
      <DoneNote message={done} />
      <section className="card" aria-labelledby="note-title">
        <h2 id="note-title">Progress note</h2>
        {view.note?.signedAt ? (
          <SignedNote key={view.note.addenda.length} view={view} canWrite={canWrite} onChanged={changed} />
        ) : canWrite ? (
          <DraftForm key={view.note?.updatedAt ?? 'new'} view={view} onChanged={changed} />
        ) : view.note ? (
          <>
            <p className="note-status">Draft, not signed yet.</p>
            <p className="pair-text">{view.note.text}</p>
          </>
        ) : (
          <p className="muted">No progress note yet.</p>
        )}
        {canWrite && view.note ? <ShareToggle view={view} onChanged={changed} /> : null}
      </section>
      <SealedNotice view={view} timeZone={timeZone} />
      {view.pair.open && !view.reflection ? <p className="muted">The client has not shared a reflection on this session.</p> : null}
      <SideBySide view={view} timeZone={timeZone} />
    </>
  );
}
