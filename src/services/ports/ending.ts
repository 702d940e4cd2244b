/**
 * The ending port (SPEC §3 C6): one ending record per course — the client's list, the therapist's
 * closing summary (both sealed), the closing, the follow-up check's day and answer — and the
 * practice's follow-up setting. Invariants: a closed ending never changes its lists or summary; it
 * closes once; a follow-up is answered once.
 */

/** A course's ending. Texts sealed with the client's data key: `clientListEnc` (a JSON array), `summaryEnc`, `followUpWordsEnc`. */
export type EndingRow = {
  courseId: string;
  clientId: string;
  clientListEnc: string | null;
  clientListAt: string | null;
  clientListBy: string | null;
  summaryEnc: string | null;
  summaryAt: string | null;
  summaryBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  followUpDueOn: string | null;
  followUpAt: string | null;
  followUpRating: number | null;
  followUpWordsEnc: string | null;
  updatedAt: string;
};

export type EndingSettingsRow = { practiceId: string; followUpMonths: number; updatedAt: string; updatedBy: string };

export interface EndingStore {
  findEnding(courseId: string): Promise<EndingRow | undefined>;
  /** The endings of a client's courses (the portal's follow-up checks), in course-id order. */
  listEndingsOfClient(clientId: string): Promise<EndingRow[]>;
  /**
   * Writes the ending's open part — the client's list and the summary with their authors and times —
   * creating the record if the course has none, but only while it is not closed: false (nothing
   * written) when it was closed meanwhile.
   */
  saveOpenEnding(row: EndingRow): Promise<boolean>;
  /** Closes the ending once, with the follow-up's day, only if it is open and has a summary; false otherwise. */
  closeEnding(courseId: string, at: string, by: string, followUpDueOn: string | null): Promise<boolean>;
  /** Records the follow-up answer once, on a closed ending; false when already answered or not closed. */
  answerFollowUp(courseId: string, answer: { at: string; rating: number; wordsEnc: string | null }): Promise<boolean>;
  findEndingSettings(practiceId: string): Promise<EndingSettingsRow | undefined>;
  setEndingSettings(row: EndingSettingsRow): Promise<void>;
}
