import { useState } from 'react';
import type { SessionStatus } from '../../domain/people.ts';
import { ApiError, api } from '../api.ts';
import { todayIn, zonedToIso } from '../dates.ts';
import { usePracticeZone } from '../session.tsx';
import { SelectField, TextField } from './field.tsx';
import { ErrorNote } from './notice.tsx';
import { SESSION_STATUS_OPTIONS } from './options.ts';
import { useSubmit } from '../use-submit.ts';

/** Records a session of a course: date and time (practice time), length and what happened. */
export function RecordSessionForm({ courseId, onRecorded }: { courseId: string; onRecorded(message: string): void }) {
  const timeZone = usePracticeZone();
  const [date, setDate] = useState(() => todayIn(timeZone));
  const [time, setTime] = useState('10:00');
  const [duration, setDuration] = useState('50');
  const [status, setStatus] = useState<SessionStatus>('attended');
  // A refusal about the date (outside the course) or the status (attended, but not yet happened) is shown beside that field.
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const { error, submit } = useSubmit(async () => {
    setFieldError(null);
    try {
      await api.recordSession(courseId, { startsAt: zonedToIso(date, time, timeZone), durationMinutes: Number(duration), status });
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'startsAt' || err.field === 'status')) {
        setFieldError({ field: err.field, message: err.message });
        return;
      }
      throw err;
    }
    onRecorded('The session was recorded.');
  });
  const errorOf = (field: string) => (fieldError?.field === field ? fieldError.message : null);
  return (
    <form onSubmit={(e) => void submit(e)} className="record-session" aria-label="Record a session">
      <h4>
        Record a session <span className="muted">(times in {timeZone.replace(/_/g, ' ')})</span>
      </h4>
      <ErrorNote message={error} />
      <div className="form-row">
        <TextField
          label="Date"
          type="date"
          required
          value={date}
          error={errorOf('startsAt')}
          onChange={(e) => {
            setDate(e.target.value);
            setFieldError(null);
          }}
        />
        <TextField label="Time" type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
        <TextField label="Minutes" type="number" min={5} max={600} required value={duration} onChange={(e) => setDuration(e.target.value)} className="short" />
        <SelectField
          label="What happened"
          value={status}
          error={errorOf('status')}
          onChange={(e) => {
            setStatus(e.target.value as SessionStatus);
            setFieldError(null);
          }}
          options={SESSION_STATUS_OPTIONS}
        />
      </div>
      <button type="submit" className="button primary">
        Record session
      </button>
    </form>
  );
}
