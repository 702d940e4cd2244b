import type { Frequency, Phase } from '../../domain/people.ts';
import { formatCalendarDate } from '../dates.ts';
import type { PortalContext, PortalSection } from './section.ts';

const MEET: Readonly<Record<Frequency, string>> = {
  weekly: 'You meet once a week.',
  twice_weekly: 'You meet twice a week.',
  fortnightly: 'You meet every two weeks.',
  monthly: 'You meet once a month.',
  as_needed: 'You meet when you and your therapist agree it would help.',
};
const PHASE: Readonly<Record<Phase, string>> = {
  beginning: 'You are at the beginning of your work together: getting to know each other and agreeing what to work on.',
  middle: 'You are in the middle of your work together.',
  termination: 'You are coming towards the end of your work together.',
};

function CourseSection({ ctx }: { ctx: PortalContext }) {
  const c = ctx.current!;
  if (c.status === 'ended') {
    return (
      <p>
        Your course of therapy with {c.therapistName} ran from {formatCalendarDate(c.startedOn)} to {formatCalendarDate(c.endedOn ?? c.startedOn)}.
      </p>
    );
  }
  return (
    <>
      <p className="portal-big">Since {formatCalendarDate(c.startedOn)}</p>
      <p>{MEET[c.frequency]}</p>
      <p>{PHASE[c.phase]}</p>
      {c.status === 'paused' ? <p>Your sessions are paused for now.</p> : null}
    </>
  );
}

export const courseSection: PortalSection = {
  id: 'course',
  title: 'Your therapy',
  shows: (ctx) => ctx.current !== undefined,
  Component: CourseSection,
};
