/**
 * What the alliance rules report (SPEC §3 C8: each alert carries its evidence and a suggested
 * conversation, not an instruction). Plain objects: the service layer maps them to alerts.
 */
import type { AllianceType } from '../cues/types.ts';

export type FindingKind = 'misalliance' | 'magical_persisting' | 'expectations_diverge' | 'attendance_no_show_early' | 'attendance_consecutive_no_shows';

/** One piece of evidence behind a finding; inference EvidenceItems fit this shape. */
export type FindingEvidence = {
  label: string;
  quote?: string;
  source?: { type: string; id: string };
  at?: string;
  kind?: string;
  type?: AllianceType;
  weight?: number;
};

export type Finding = {
  kind: FindingKind;
  /**
   * Stable while the same condition persists (e.g. the first session of a misalliance run), so the
   * service raises one alert per condition, not one per recomputation.
   */
  dedupeKey: string;
  /** When the condition was established (the record that completed it). */
  at: string;
  title: string;
  summary: string;
  /** A conversation the therapist might open, in warm words; a suggestion, never an instruction. */
  suggestedConversation: string;
  evidence: FindingEvidence[];
};

/** The date part of an ISO time, as findings show it. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
