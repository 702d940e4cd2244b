import type { Kysely } from 'kysely';

/**
 * The practice report's summary table (issue 15, SPEC §3 C9 and §7): one row per course of
 * therapy, so the report aggregates one narrow table with GROUP BY instead of reading sessions,
 * responses and ledgers (at national scale, ≈ 2 M courses and ≈ 16 M sessions a year).
 *
 * Kept up to date by the course's recompute, which runs after every write that can change it (a
 * measure submitted, a session recorded or its status changed, the course ended or reopened, an
 * agreement, expectations or goal written; services/reports/course-outcomes.ts), and rebuilt for
 * every course by `accord reports rebuild`. Each row is a pure function of the course's records
 * (domain/reports/course-outcome.ts), so a rebuild and the incremental path write the same row.
 *
 * Shape (booleans are 0/1 integers; "null" = not known for this course):
 * - course_id (PK), practice_id, therapist_id, client_id
 * - started_on, ended_on (YYYY-MM-DD, ended_on null while open), status (active | paused | ended),
 *   end_reason (planned | unplanned | drop_out | null)
 * - attended: attended sessions; finished: ended with ≥ 2 attended sessions ("finished a course
 *   of treatment", NHS Talking Therapies); dropped_out: ended, the ending not agreed (end_reason
 *   unplanned or drop_out) — see docs/reports.md
 * - phq9_first, phq9_last, gad7_first, gad7_last: first and last valid totals in the course
 * - paired: both a first and a later score on PHQ-9 or GAD-7; caseness_first, caseness_last;
 *   reliable_improvement, reliable_deterioration, recovery, reliable_recovery (null unless paired)
 * - agreed_early: an agreement in force by the 3rd attended session; early_type: its type;
 *   agreed_type: the type agreed last; inferred_type: the latest inferred dominant type
 * - intake_divergence: Jensen–Shannon distance of the first revealed pair of Expectations checks;
 *   divergence_high: it diverges by SPEC §5.2 (distance ≥ 0.35 or dominant types differ)
 * - goal_consensus: agreed active goals / active goals (null with no active goal)
 * - phq9_series, gad7_series: JSON [[attendedSessionIndex, total], …] for expected-response curves
 * - updated_at
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course_outcomes')
    .addColumn('course_id', 'text', (c) => c.primaryKey().references('courses.id'))
    .addColumn('practice_id', 'text', (c) => c.notNull())
    .addColumn('therapist_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('end_reason', 'text')
    .addColumn('attended', 'integer', (c) => c.notNull())
    .addColumn('finished', 'integer', (c) => c.notNull())
    .addColumn('dropped_out', 'integer', (c) => c.notNull())
    .addColumn('phq9_first', 'integer')
    .addColumn('phq9_last', 'integer')
    .addColumn('gad7_first', 'integer')
    .addColumn('gad7_last', 'integer')
    .addColumn('paired', 'integer', (c) => c.notNull())
    .addColumn('caseness_first', 'integer')
    .addColumn('caseness_last', 'integer')
    .addColumn('reliable_improvement', 'integer')
    .addColumn('reliable_deterioration', 'integer')
    .addColumn('recovery', 'integer')
    .addColumn('reliable_recovery', 'integer')
    .addColumn('agreed_early', 'integer', (c) => c.notNull())
    .addColumn('early_type', 'text')
    .addColumn('agreed_type', 'text')
    .addColumn('inferred_type', 'text')
    .addColumn('intake_divergence', 'real')
    .addColumn('divergence_high', 'integer')
    .addColumn('goal_consensus', 'real')
    .addColumn('phq9_series', 'text')
    .addColumn('gad7_series', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The report: a practice's (or one therapist's) courses ended in a period.
  await db.schema.createIndex('course_outcomes_practice_ended').on('course_outcomes').columns(['practice_id', 'ended_on', 'therapist_id']).execute();
  await db.schema.createIndex('course_outcomes_therapist_ended').on('course_outcomes').columns(['therapist_id', 'ended_on']).execute();
}
