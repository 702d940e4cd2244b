/**
 * One supervisee's caseload as their supervisor reads it (SPEC §3 C9): each client's current
 * course with the agreed and the inferred alliance side by side, where they part, the open alerts
 * and whether the course is on track — the clients where the alliance needs a look first. Each
 * client opens in the usual client record (the supervisor reads it as SPEC §2 allows). Below: the
 * supervision notes written to this supervisee, and the form to write one.
 */
import { useState } from 'react';
import type { AllianceType } from '../../domain/cues/types.ts';
import { ALLIANCE_TYPES } from '../../domain/cues/types.ts';
import type { SupervisionFocus } from '../../domain/supervision/supervision.ts';
import { SUPERVISION_FOCI, SUPERVISION_NOTE_MAX_CHARS } from '../../domain/supervision/supervision.ts';
import { KIND_WORDS } from '../alerts/alert-card.tsx';
import { SelectField, TextArea } from '../components/field.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PHASE_LABELS } from '../components/course-words.tsx';
import { formatCalendarDate } from '../dates.ts';
import { AllianceCell } from '../measures/caseload-columns.tsx';
import { Link, navigate } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import type { SuperviseeDetailView } from './api.ts';
import { notePath, supervisionApi } from './api.ts';
import { AlertKinds, AllianceTable, FigureLine, focusLabel, NoteList, typeLabel } from './parts.tsx';
import './supervision.css';
import { ScrollBox } from '../components/scroll-box.tsx';

type ClientRow = SuperviseeDetailView['clients'][number];

function CourseWords({ row }: { row: ClientRow }) {
  if (!row.course) return <span className="muted">No course yet</span>;
  if (row.course.status === 'ended') return <span className="muted">Ended</span>;
  const phase = PHASE_LABELS[row.course.phase as keyof typeof PHASE_LABELS] ?? row.course.phase;
  return (
    <>
      {phase}
      {row.course.status === 'paused' ? ' (paused)' : ''}, since {formatCalendarDate(row.course.startedOn, 'short')}
    </>
  );
}

function ClientsTable({ detail }: { detail: SuperviseeDetailView }) {
  if (!detail.clients.length) return <p className="empty">{detail.supervisee.name} has no active clients.</p>;
  return (
    <ScrollBox label={`${detail.supervisee.name}’s clients`}>
      <table className="supervisee-clients">
        <caption>{detail.supervisee.name}’s clients, those whose alliance needs a look first</caption>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Course</th>
            <th scope="col" className="num">
              Sessions
            </th>
            <th scope="col">Agreed</th>
            <th scope="col">Inferred</th>
            <th scope="col">Open alerts</th>
          </tr>
        </thead>
        <tbody>
          {detail.clients.map((c) => (
            <tr key={c.clientId} className={c.disagree || c.notOnTrack ? 'needs-look' : undefined}>
              <th scope="row">
                <Link to={`/clients/${encodeURIComponent(c.clientId)}`}>{c.name}</Link>
              </th>
              <td>
                <CourseWords row={c} />
              </td>
              <td className="num">{c.sessionsAttended}</td>
              <td>
                <AllianceCell type={c.agreed} none="None agreed" />
              </td>
              <td>
                <AllianceCell type={c.inferred} none="Not inferred yet" />
                {c.disagree ? <span className="differs"> differs from agreed</span> : null}
              </td>
              <td>
                {c.alerts.length ? (
                  [...new Set(c.alerts.map((a) => a.kind))].map((k) => (
                    <span key={k} className={k === 'safety' ? 'alert-word safety' : 'alert-word'}>
                      {k === 'safety' ? '⚠ ' : ''}
                      {KIND_WORDS[k] ?? k}
                    </span>
                  ))
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function WriteNoteForm({ detail, onWritten }: { detail: SuperviseeDetailView; onWritten(id: string): void }) {
  const [focus, setFocus] = useState<SupervisionFocus>('agreed_vs_inferred');
  const [type, setType] = useState<AllianceType | ''>('');
  const [courseId, setCourseId] = useState('');
  const [text, setText] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const note = await supervisionApi.write(detail.supervisee.id, { focus, allianceType: type || null, courseId: courseId || null, text });
    setText('');
    onWritten(note.id);
  });
  const courses = detail.clients.flatMap((c) => (c.course && c.course.status !== 'ended' ? [{ value: c.course.id, label: `${c.name}’s course` }] : []));
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="write-supervision-title">
      <h2 id="write-supervision-title">Write a supervision note to {detail.supervisee.name}</h2>
      <ErrorNote message={error} />
      <div className="supervision-form-row">
        <SelectField
          label="Focus"
          value={focus}
          onChange={(e) => setFocus(e.target.value as SupervisionFocus)}
          options={SUPERVISION_FOCI.map((f) => ({ value: f, label: focusLabel(f) }))}
        />
        <SelectField
          label="Alliance at issue"
          value={type}
          onChange={(e) => setType(e.target.value as AllianceType | '')}
          options={[{ value: '', label: 'None in particular' }, ...ALLIANCE_TYPES.map((t) => ({ value: t, label: typeLabel(t) }))]}
        />
        <SelectField
          label="About a course"
          value={courseId}
          onChange={(e) => setCourseId(e.target.value)}
          options={[{ value: '', label: 'No course in particular' }, ...courses]}
        />
      </div>
      <TextArea
        label="Note"
        hint={`Only you and ${detail.supervisee.name} read it; it is kept encrypted, and every reading is recorded in the audit trail. The client never sees it.`}
        rows={6}
        maxLength={SUPERVISION_NOTE_MAX_CHARS}
        required
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Save supervision note
      </button>
    </form>
  );
}

export function SuperviseePage({ therapistId }: { therapistId: string }) {
  const detail = useResource(() => supervisionApi.supervisee(therapistId), [therapistId]);
  const d = detail.data;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/supervision">Supervisees</Link> <span aria-hidden="true">›</span> {d ? d.supervisee.name : '…'}
      </nav>
      <PageHeading title={d ? `${d.supervisee.name} — supervision` : 'Supervision'} />
      <ErrorNote message={detail.error} />
      {!d ? (
        detail.error ? null : (
          <Loading what="Loading the caseload" />
        )
      ) : (
        <>
          <section className="card" aria-labelledby="sv-figures">
            <h2 id="sv-figures">At a glance</h2>
            <FigureLine figures={d.figures} />
            <div className="supervision-two">
              <AllianceTable figures={d.figures} caption="Alliances of open courses" />
              <div>
                <h3>Open alerts</h3>
                <AlertKinds figures={d.figures} />
              </div>
            </div>
          </section>
          <section aria-labelledby="sv-clients">
            <h2 id="sv-clients">Clients</h2>
            <ClientsTable detail={d} />
          </section>
          <WriteNoteForm detail={d} onWritten={(id) => navigate(notePath(id))} />
          <section aria-labelledby="sv-notes">
            <h2 id="sv-notes">Supervision notes to {d.supervisee.name}</h2>
            <NoteList notes={d.notes} show="supervisor" />
          </section>
        </>
      )}
    </>
  );
}
