import { useState } from 'react';
import type { Frequency, Phase } from '../../domain/people.ts';
import { api } from '../api.ts';
import { todayIn } from '../dates.ts';
import { usePracticeZone } from '../session.tsx';
import { SelectField, TextField } from './field.tsx';
import { ErrorNote } from './notice.tsx';
import { FREQUENCY_OPTIONS, PHASE_OPTIONS } from './options.ts';
import { useSubmit } from '../use-submit.ts';

/** Opens a course of therapy: start date, agreed frequency and phase. */
export function OpenCourseForm({ clientId, onOpened, collapsed = false }: { clientId: string; onOpened(): void; collapsed?: boolean }) {
  const timeZone = usePracticeZone();
  const [open, setOpen] = useState(!collapsed);
  const [startedOn, setStartedOn] = useState(() => todayIn(timeZone));
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const [phase, setPhase] = useState<Phase>('beginning');
  const { error, submit } = useSubmit(async () => {
    await api.openCourse(clientId, { startedOn, frequency, phase });
    onOpened();
  });
  if (!open) {
    return (
      <p>
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          Open a new course…
        </button>
      </p>
    );
  }
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="open-course-title">
      <h3 id="open-course-title">Open a course of therapy</h3>
      <ErrorNote message={error} />
      <div className="form-row">
        <TextField label="Start date" type="date" required value={startedOn} onChange={(e) => setStartedOn(e.target.value)} />
        <SelectField label="Agreed frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)} options={FREQUENCY_OPTIONS} />
        <SelectField label="Phase" value={phase} onChange={(e) => setPhase(e.target.value as Phase)} options={PHASE_OPTIONS} />
      </div>
      <button type="submit" className="button primary">
        Open course
      </button>
    </form>
  );
}
