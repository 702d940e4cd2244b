import type { Kysely } from 'kysely';

/**
 * The version of the language-cue rules that read a text's stored cue evidence (SPEC §5.5,
 * issue 16). Goals and Expectations checks keep the cues read when they were written (sealed,
 * `cues_enc`); `cues_version` says which rules read them. Evidence from another version — or
 * from before this column (NULL) — is read again from its text when the course is loaded, so the
 * "what the words suggest" panel and the inferred alliance always read the same cues.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('goals').addColumn('cues_version', 'integer').execute();
  await db.schema.alterTable('expectations_responses').addColumn('cues_version', 'integer').execute();
}
