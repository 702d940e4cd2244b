/**
 * What every capability's Kysely store shares: the connection (or the transaction it runs in), the
 * dialect, the Vault, the cache the stores of one database and its transactions share, and the
 * helpers that seal below the ports — account identities (emails, names and throttle keys, under
 * the practice's account key) and the integrity seals of immutable clinical records.
 *
 * Account identity is sealed here, below the port: users and invites store a keyed hash of the
 * normalised email (looked up and kept unique) and the address and name sealed under the
 * practice's account key; sign-in throttle keys (which name an email or an address) are stored
 * as keyed hashes too. Services see plain UserRow and InviteRow records.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { recordSeal } from '../domain/record-seal.ts';
import { nameTokens } from '../domain/name-search.ts';
import type { SealBoundary } from '../domain/audit-chain.ts';
import type { RowCache } from './row-cache.ts';
import type { GroupCommit } from './group-commit.ts';
import { runFixed } from './compiled-query.ts';
import type { IntegrityKeys, SealedTable, Vault, WrappedKey } from '../services/ports.ts';

export type Db = Kysely<DB> | Transaction<DB>;

export const bool = (v: boolean): number => (v ? 1 : 0);

export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The normalised form of an email that its look-up hash is taken of. */
export const normalEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();
/** The meta row holding the account key (JSON of a WrappedKey). */
export const ACCOUNT_KEY = 'account_key';

/** The meta row holding the sealed integrity key and the boundary where keyed links begin. */
export const INTEGRITY_META = 'integrity';
export type IntegrityMeta = { key: string; since: SealBoundary; mac: string };

/**
 * What a store and the stores of its transactions share: the account key once read (committed),
 * the integrity keys once opened, and on SQLite the cache of hot answers (row-cache.ts).
 */
export type Shared = {
  accountKey?: WrappedKey | undefined;
  opened: Map<string, IntegrityKeys>;
  rows?: RowCache | undefined;
  /** PostgreSQL: a streaming read replica (DATABASE_READ_URL) for the reports' reads; none: they read the primary. */
  reads?: Kysely<DB> | undefined;
  /** SQLite: the write transactions waiting together commit together (group-commit.ts). */
  group?: GroupCommit | undefined;
};

/**
 * A new transaction on `db`: on SQLite through the group commit (group-commit.ts), elsewhere one of
 * its own. The one way both `KyselyStore.transaction` and `KyselyContext.inTransaction` open one.
 */
export function newTransaction<T>(db: Db, shared: Shared, fn: (tx: Transaction<DB>) => Promise<T>, opts: { gather?: boolean } = {}): Promise<T> {
  return shared.group ? shared.group.run(fn, opts) : (db as Kysely<DB>).transaction().execute(fn);
}

/** One database (or one transaction on it) as the capability stores see it. */
export class KyselyContext {
  constructor(
    readonly db: Db,
    readonly dialect: 'sqlite' | 'postgres',
    readonly vault: Vault,
    readonly inTx = false,
    readonly shared: Shared = { opened: new Map() },
  ) {}

  /**
   * Where reports read: the read replica when one is configured and this is not a transaction (a
   * transaction reads its own writes on the primary), else the connection itself. A replica may lag
   * the primary by a moment: only reads that may be a little behind come here (docs/scale.md).
   */
  get readDb(): Db {
    return this.inTx ? this.db : (this.shared.reads ?? this.db);
  }

  /**
   * Ids as rows of one column `id`, for a statement's key list: one parameter whatever their number
   * (a text[] unnested on PostgreSQL, a JSON array read by json_each on SQLite).
   */
  idRows(ids: readonly string[]): RawBuilder<unknown> {
    return this.dialect === 'postgres' ? sql`select unnest(${[...ids]}::text[]) as id` : sql`select value as id from json_each(${JSON.stringify(ids)})`;
  }
  /** The ids of every course of these clients, as rows of one column `id` (as idRows gives). */
  courseIdsOfClients(clientIds: readonly string[]): RawBuilder<unknown> {
    return sql`select c.id as id from courses c where c.client_id in (${this.idRows(clientIds)})`;
  }

  /**
   * Runs `fn` in a transaction (the current one when already inside one), with a context bound to it.
   * `gather: false`: on SQLite its group does not wait a turn for other transactions on its account (group-commit.ts).
   */
  async inTransaction<T>(fn: (tx: KyselyContext) => Promise<T>, opts: { gather?: boolean } = {}): Promise<T> {
    if (this.inTx) return fn(this);
    return newTransaction(this.db, this.shared, (tx) => fn(new KyselyContext(tx, this.dialect, this.vault, true, this.shared)), opts);
  }

  async getMeta(key: string) {
    // A fixed text (compiled-query.ts): every sealed write and every audit append reads the integrity key.
    return (await runFixed<{ value: string }>(this.db, this.dialect, 'select "value" from "meta" where "key" = ?', [key]))[0]?.value;
  }
  async setMeta(key: string, value: string) {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    if (key === ACCOUNT_KEY) this.shared.accountKey = undefined; // a restore brings the backup's key
  }

  // ---- Account identity at rest ----
  /** The stored account key, as it is (undefined before first use). */
  async readAccountKey(): Promise<WrappedKey | undefined> {
    const v = await this.getMeta(ACCOUNT_KEY);
    return v ? (JSON.parse(v) as WrappedKey) : undefined;
  }
  /**
   * The account key, created on first use (insert-if-absent, so concurrent instances agree on one).
   * With `create` false and no key yet, undefined: no account can exist without it.
   */
  async accountKey(create: boolean): Promise<WrappedKey | undefined> {
    if (this.shared.accountKey) return this.shared.accountKey;
    let stored = await this.readAccountKey();
    let created = false;
    if (!stored && create) {
      await this.db
        .insertInto('meta')
        .values({ key: ACCOUNT_KEY, value: JSON.stringify(this.vault.newDataKey()) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      stored = await this.readAccountKey();
      created = true;
    }
    // A key created inside a transaction may still roll back: remember it only once committed.
    if (stored && !(created && this.inTx)) this.shared.accountKey = stored;
    return stored;
  }
  /**
   * Runs `fn` with the account key. A remembered key may have been re-wrapped by a rotation in
   * another process and its old master key retired: then it is read again once.
   */
  async withAccountKey<T>(fn: (key: WrappedKey) => T, create = true): Promise<T | undefined> {
    const key = await this.accountKey(create);
    if (!key) return undefined;
    try {
      return fn(key);
    } catch (err) {
      this.shared.accountKey = undefined;
      const fresh = await this.accountKey(create);
      if (!fresh || fresh.wrapped === key.wrapped) throw err;
      return fn(fresh);
    }
  }
  async emailHash(email: string, create = true): Promise<string | undefined> {
    return this.withAccountKey((k) => this.vault.lookupHash(k, `email:${normalEmail(email)}`), create);
  }
  /**
   * The keyed hashes a name search compares (domain/name-search.ts tokens), under the account key:
   * 128 bits of each, enough to tell tokens apart. Empty when there is no account key yet and
   * `create` is false (no account, so nothing indexed to find).
   */
  async nameTokenHashes(tokens: readonly string[], create = true): Promise<string[] | undefined> {
    return this.withAccountKey((k) => tokens.map((t) => this.vault.lookupHash(k, `name:${t}`).slice(0, 32)), create);
  }
  /** Replaces the name index of one client or account by the tokens of `name`. */
  async indexName(kind: 'client' | 'user', ownerId: string, name: string): Promise<void> {
    const hashes = [...new Set((await this.nameTokenHashes(nameTokens(name))) ?? [])];
    await this.db.deleteFrom('name_tokens').where('kind', '=', kind).where('owner_id', '=', ownerId).execute();
    if (hashes.length)
      await this.db
        .insertInto('name_tokens')
        .values(hashes.map((token) => ({ kind, token, owner_id: ownerId })))
        .execute();
  }
  async sealField(binding: string, text: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.seal(k, text, binding)))!;
  }
  async openField(binding: string, sealed: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.open(k, sealed, binding)))!;
  }
  /** A throttle key names an email or an address: only its keyed hash is stored. */
  async throttleKey(key: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.lookupHash(k, `throttle:${key}`)))!;
  }

  /** Rows of a backup made before 0006-sealed-identity: their clear emails and names are sealed as they load. */
  async sealLegacyRows(t: string, rows: readonly Record<string, unknown>[]): Promise<readonly Record<string, unknown>[]> {
    if (t === 'login_throttle')
      return Promise.all(rows.map(async (r) => (String(r.key).includes(':') ? { ...r, key: await this.throttleKey(String(r.key)) } : r)));
    if (t !== 'users' && t !== 'invites') return rows;
    return Promise.all(
      rows.map(async (r) => {
        if (!('email' in r)) return r;
        const { email: clear, display_name: name, ...rest } = r;
        const email = normalEmail(String(clear));
        const sealed: Record<string, unknown> = {
          ...rest,
          email_hash: await this.emailHash(email),
          email_enc: await this.sealField(`${t}:${String(r.id)}:email`, email),
        };
        if (t === 'users') sealed.display_name_enc = await this.sealField(`users:${String(r.id)}:display_name`, String(name));
        return sealed;
      }),
    );
  }

  // ---- Integrity: the keyed chain and record seals (SPEC §7) ----
  async integrityMeta(): Promise<IntegrityMeta | undefined> {
    const v = await this.getMeta(INTEGRITY_META);
    return v ? (JSON.parse(v) as IntegrityMeta) : undefined;
  }
  openKeys(sealed: string): IntegrityKeys {
    let keys = this.shared.opened.get(sealed);
    if (!keys) {
      keys = this.vault.integrityKeys(sealed);
      if (this.shared.opened.size > 16) this.shared.opened.clear();
      this.shared.opened.set(sealed, keys);
    }
    return keys;
  }
  /** The keys every write is sealed with; a database without them refuses writes that must be sealed. */
  async writeKeys(): Promise<IntegrityKeys> {
    return this.writeKeysOf(await this.getMeta(INTEGRITY_META));
  }
  /** writeKeys from the integrity meta value already read (the audit append reads it with the head). */
  writeKeysOf(integrityMeta: string | null | undefined): IntegrityKeys {
    if (!integrityMeta) throw new Error('This database has no integrity key (it is sealed when Accord starts); refusing an unsealed write.');
    return this.openKeys((JSON.parse(integrityMeta) as IntegrityMeta).key);
  }
  /** The seal of a record written now: it also records how long the audit chain is at this moment. */
  async sealOf(table: SealedTable, id: string, fields: readonly unknown[]): Promise<{ seal: string; sealed_seq: number }> {
    // The chain's length and the integrity key in one statement (every sealed write runs it).
    const [head] = await runFixed<{ seq: number; integrity: string | null }>(
      this.db,
      this.dialect,
      'select "seq", (select "value" from "meta" where "key" = ?) as "integrity" from "audit_head" where "id" = ?',
      [INTEGRITY_META, 1],
    );
    if (!head) throw new Error('the audit trail has no head');
    const keys = this.writeKeysOf(head.integrity);
    const seq = Number(head.seq);
    return { seal: recordSeal(keys.records, table, id, seq, fields), sealed_seq: seq };
  }
}
