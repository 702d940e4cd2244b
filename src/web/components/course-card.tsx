import { countsForAttendance, FREQUENCY_LABELS } from '../../domain/people.ts';
import type { CourseWithSessions } from '../api.ts';
import { formatCalendarDate } from '../dates.ts';
import { CourseEditor } from './course-editor.tsx';
import { COURSE_STATUS_LABELS, END_REASON_LABELS, PHASE_LABELS } from './course-words.tsx';
import { RecordSessionForm } from './record-session-form.tsx';
import { SessionTable } from './session-table.tsx';

/** One course of therapy with its agreement, its sessions and (for the assigned therapist) its controls. */
export function CourseCard({
  course,
  canEdit,
  onChanged,
  notesHref,
}: {
  course: CourseWithSessions;
  canEdit: boolean;
  onChanged(message: string): void;
  /** Where a session's process notes are, when the caller may have some (issue 11). */
  notesHref?: ((sessionId: string) => string) | undefined;
}) {
  const open = course.status !== 'ended';
  const titleId = `course-${course.id}`;
  const attended = course.sessions.filter((s) => s.status === 'attended').length;
  const held = course.sessions.filter((s) => countsForAttendance(s.status)).length;
  return (
    <article className={`card course ${open ? '' : 'course-ended'}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        Course from {formatCalendarDate(course.startedOn, 'short')}
        {course.endedOn ? ` to ${formatCalendarDate(course.endedOn, 'short')}` : ''}{' '}
        <span className={`badge ${course.status === 'active' ? 'badge-ok' : 'badge-off'}`}>{COURSE_STATUS_LABELS[course.status]}</span>
      </h3>
      <dl className="facts inline">
        <div>
          <dt>Frequency</dt>
          <dd>{FREQUENCY_LABELS[course.frequency]}</dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>{PHASE_LABELS[course.phase]}</dd>
        </div>
        <div>
          <dt>Therapist</dt>
          <dd>{course.therapistName}</dd>
        </div>
        <div>
          <dt>Attended</dt>
          <dd>
            {attended} of {held} {held === 1 ? 'session' : 'sessions'}
          </dd>
        </div>
        {course.endReason ? (
          <div>
            <dt>Ending</dt>
            <dd>{END_REASON_LABELS[course.endReason]}</dd>
          </div>
        ) : null}
      </dl>
      {canEdit && open ? <CourseEditor key={`${course.frequency}-${course.phase}-${course.status}`} course={course} onChanged={onChanged} /> : null}
      <h4>Sessions</h4>
      <SessionTable sessions={course.sessions} canEdit={canEdit && open} onChanged={onChanged} notesHref={notesHref} />
      {canEdit && open ? <RecordSessionForm courseId={course.id} onRecorded={onChanged} /> : null}
    </article>
  );
}
