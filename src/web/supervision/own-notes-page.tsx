/**
 * A therapist's supervision notes (SPEC §3 C9): what their supervisors wrote about their work,
 * newest first, with whether each was acknowledged and answered. The words open on the note's own
 * page, where the therapist can reply and acknowledge.
 */
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useResource } from '../use-resource.ts';
import { supervisionApi } from './api.ts';
import { NoteList } from './parts.tsx';
import './supervision.css';

export function OwnSupervisionNotesPage() {
  const notes = useResource(() => supervisionApi.own(), []);
  return (
    <>
      <PageHeading title="Supervision notes" />
      <p className="lede">Notes your supervisors wrote about the alliances in your work. Only you and the supervisor who wrote a note read it.</p>
      <ErrorNote message={notes.error} />
      {!notes.data ? notes.error ? null : <Loading what="Loading supervision notes" /> : <NoteList notes={notes.data.notes} show="supervisee" />}
    </>
  );
}
