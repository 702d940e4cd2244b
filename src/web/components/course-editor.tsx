import { useState } from 'react';
import type { FormEvent } from 'react';
import type { EndReason, Frequency, Phase } from '../../domain/people.ts';
import { api } from '../api.ts';
import type { CoursePatch, CourseWithSessions } from '../api.ts';
import { todayIn } from '../dates.ts';
import { usePracticeZone } from '../session.tsx';
import { SelectField, TextField } from './field.tsx';
import { ErrorNote } from './notice.tsx';
import { END_REASON_OPTIONS, FREQUENCY_OPTIONS, PHASE_OPTIONS } from './options.ts';
import { useSubmit } from '../use-submit.ts';

/** Changing an open course: frequency and phase, pausing, resuming, or ending it with a reason and date. */
export function CourseEditor({ course, onChanged }: { course: CourseWithSessions; onChanged(message: string): void }) {
  const timeZone = usePracticeZone();
  const [frequency, setFrequency] = useState<Frequency>(course.frequency);
  const [phase, setPhase] = useState<Phase>(course.phase);
  const [ending, setEnding] = useState(false);
  const [endReason, setEndReason] = useState<EndReason>('planned');
  const [endedOn, setEndedOn] = useState(() => todayIn(timeZone));
  // Two forms and the pause/resume button share one error.
  const { error, run } = useSubmit();
  const patch = (p: CoursePatch, message: string) =>
    run(async () => {
      await api.updateCourse(course.id, p);
      onChanged(message);
    });
  const saveAgreement = (e: FormEvent) => {
    e.preventDefault();
    void patch({ frequency, phase }, 'The course was updated.');
  };
  const end = (e: FormEvent) => {
    e.preventDefault();
    void patch({ status: 'ended', endReason, endedOn }, 'The course was ended.');
  };

  return (
    <div className="course-editor">
      <ErrorNote message={error} />
      <form onSubmit={saveAgreement} aria-label="Frequency and phase">
        <div className="form-row">
          <SelectField label="Agreed frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)} options={FREQUENCY_OPTIONS} />
          <SelectField label="Phase" value={phase} onChange={(e) => setPhase(e.target.value as Phase)} options={PHASE_OPTIONS} />
          <button type="submit" className="button secondary" disabled={frequency === course.frequency && phase === course.phase}>
            Save changes
          </button>
        </div>
      </form>
      <div className="button-row">
        {course.status === 'active' ? (
          <button type="button" className="button secondary" onClick={() => void patch({ status: 'paused' }, 'The course was paused.')}>
            Pause course
          </button>
        ) : (
          <button type="button" className="button secondary" onClick={() => void patch({ status: 'active' }, 'The course was resumed.')}>
            Resume course
          </button>
        )}
        {!ending ? (
          <button type="button" className="button danger" onClick={() => setEnding(true)}>
            End course…
          </button>
        ) : null}
      </div>
      {ending ? (
        <form onSubmit={end} className="end-course" aria-label="End the course">
          <p>An ended course stays ended; a new episode is a new course.</p>
          <div className="form-row">
            <SelectField label="Reason for ending" value={endReason} onChange={(e) => setEndReason(e.target.value as EndReason)} options={END_REASON_OPTIONS} />
            <TextField label="Last day" type="date" required min={course.startedOn} value={endedOn} onChange={(e) => setEndedOn(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button danger">
              End this course
            </button>
            <button type="button" className="button secondary" onClick={() => setEnding(false)}>
              Keep it open
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
