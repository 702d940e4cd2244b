/**
 * "When did this happen?" (issue 14: records dated when they happened). On the therapist's forms
 * for clinical records — an Expectations check, a goal and each of its steps, a progress rating or
 * attainment level, an agreement and its answer — a date and a time, in the practice's zone,
 * defaulting to now: left as they are, the record happened now (the server dates it); changed, the
 * record is entered after the fact at that time. Never shown to clients: what they enter is dated
 * by the server.
 */
import { useState } from 'react';
import { isoToZoned, zonedToIso } from '../dates.ts';
import { usePracticeZone } from '../session.tsx';
import { TextField } from './field.tsx';
import { fieldText } from '../use-submit.ts';

/** The two fields, and the value they started with (to tell "left as it was" from a date given). */
export function WhenField({ error }: { error?: string | null }) {
  const timeZone = usePracticeZone();
  const [[date, time]] = useState(() => isoToZoned(new Date().toISOString(), timeZone));
  return (
    <fieldset className="when-field">
      <legend>When did this happen?</legend>
      <p className="hint">Leave it as it is for now. To enter something that happened earlier in the course, give its date and time.</p>
      <div className="form-row">
        <TextField label="Date" name="occurredDate" type="date" defaultValue={date} error={error ?? null} />
        <TextField label="Time" name="occurredTime" type="time" defaultValue={time} />
      </div>
      <input type="hidden" name="occurredDefault" value={`${date}T${time}`} />
    </fieldset>
  );
}

/**
 * The `occurredAt` to send from a form with a WhenField: undefined when left as it was (the server
 * dates the record now), else the instant the date and time name in the practice's zone.
 */
export function occurredAtOf(f: FormData, timeZone: string): string | undefined {
  const date = fieldText(f, 'occurredDate');
  const time = fieldText(f, 'occurredTime') || '12:00';
  if (!date || `${date}T${time}` === fieldText(f, 'occurredDefault')) return undefined;
  return zonedToIso(date, time, timeZone);
}
