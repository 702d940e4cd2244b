import type { Kysely } from 'kysely';

/**
 * A supervisor may amend or withdraw a supervision note they wrote (issue 15). Nothing said is
 * lost: an amendment keeps the words it replaced in `supervision_note_versions` (sealed, under the
 * same key as the note: the client's when the note names one, so erasing the client shreds them
 * too), and a withdrawn note keeps its words and thread, marked with when it was withdrawn and why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('supervision_notes').addColumn('amended_at', 'text').execute();
  await db.schema.alterTable('supervision_notes').addColumn('withdrawn_at', 'text').execute();
  await db.schema.alterTable('supervision_notes').addColumn('withdrawn_reason', 'text').execute();
  await db.schema
    .createTable('supervision_note_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('supervision_notes.id'))
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_note_versions_note').on('supervision_note_versions').columns(['note_id', 'replaced_at']).execute();
}
