/**
 * Seals on immutable clinical records (SPEC §7: a tamper-evident record). A record's clear
 * columns — a questionnaire total, its band, the safety flag, a goal rating — drive charts, alerts
 * and decisions, so an edit of any of them must show. The seal is an HMAC under a key held outside
 * the database over every column of the record plus `auditSeq`, the audit chain's length when the
 * record was written: a record therefore also proves that the chain once reached that length, and
 * `accord verify` reports a chain cut back (or wiped) below it.
 */
import { createHmac } from 'node:crypto';
import type { MacKey } from './audit-chain.ts';

export function recordSeal(key: MacKey, table: string, id: string, auditSeq: number, fields: readonly unknown[]): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(['record', table, id, auditSeq, ...fields]))
    .digest('hex');
}
