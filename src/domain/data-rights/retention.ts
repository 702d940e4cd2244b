/**
 * When a client's record may be erased (SPEC §3 C10: "erasure where the law allows"). Clinical
 * records are kept for a period after the last contact that the practice sets from the law and its
 * professional body (in the UK, counselling and psychotherapy bodies commonly advise keeping adult
 * records for at least 7 years after the last contact; some practices keep them longer), and
 * whatever their age while a hold applies (a complaint, a court case, a safeguarding enquiry).
 * docs/data-rights.md says how to choose the period. Pure: the facts and the time come in.
 */
export const RETENTION_DEFAULT_YEARS = 7;
export const RETENTION_YEARS_MIN = 1;
export const RETENTION_YEARS_MAX = 100;

export type RetentionFacts = {
  /** The last day anything happened with the client (a session, an answer, a course's end, the record's creation). */
  lastContact: string;
  /** A course of therapy still open (active or paused). */
  openCourse: boolean;
  holds: readonly { reason: string; placedAt: string; releasedAt: string | null }[];
  retentionYears: number;
  /** Today, YYYY-MM-DD. */
  today: string;
};

export type RetentionDecision =
  { erasable: true; keptUntil: string } | { erasable: false; reason: 'open_course' | 'hold' | 'retention'; keptUntil: string; message: string };

/** The day the retention period ends: `years` after the last contact (29 February falls to 28 February). */
export function keptUntil(lastContact: string, years: number): string {
  const [y, m, d] = lastContact.slice(0, 10).split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  if (end.getUTCMonth() !== m - 1) end.setUTCDate(0);
  return end.toISOString().slice(0, 10);
}

/** Whether the record may be erased today, and if not, why, in words for the person who asked. */
export function retentionDecision(f: RetentionFacts): RetentionDecision {
  const until = keptUntil(f.lastContact, f.retentionYears);
  if (f.openCourse) return { erasable: false, reason: 'open_course', keptUntil: until, message: 'The client is still in a course of therapy: end it first.' };
  const hold = f.holds.find((h) => h.releasedAt === null);
  if (hold)
    return {
      erasable: false,
      reason: 'hold',
      keptUntil: until,
      message: `The record is under a hold placed on ${hold.placedAt.slice(0, 10)} (${hold.reason}): it is kept until the hold is released.`,
    };
  if (f.today < until)
    return {
      erasable: false,
      reason: 'retention',
      keptUntil: until,
      message: `The record must be kept until ${until}: ${f.retentionYears} years after the last contact on ${f.lastContact.slice(0, 10)} (the practice’s retention period).`,
    };
  return { erasable: true, keptUntil: until };
}
