/**
 * The system ports: time, ids, password hashing and the key ring (Vault). They hold no records;
 * storage/system.ts and storage/keyring.ts implement them. Every storage port below seals and
 * opens through the Vault, never by holding a master key itself.
 */
export interface Clock {
  now(): Date;
}
export interface Ids {
  newId(): string;
  token(): string;
}

/** Envelope encryption of clinical text (AES-256-GCM, per-client data keys under a master key). */
export interface Vault {
  /** A fresh data key, wrapped by the current master key. */
  newDataKey(): WrappedKey;
  /** Encrypts text under a data key; `binding` ties the ciphertext to its record and field. */
  seal(key: WrappedKey, plaintext: string, binding: string): string;
  open(key: WrappedKey, ciphertext: string, binding: string): string;
  /** Encrypts a small secret directly under the master key (TOTP secrets). */
  sealSecret(plaintext: string, binding: string): string;
  openSecret(ciphertext: string, binding: string): string;
  /** Re-wraps a data key under the current master key (key rotation). */
  rewrap(key: WrappedKey): WrappedKey;
  currentMasterKeyId(): string;
  /** Adds a new master key and makes it current; returns its id. */
  rotateMasterKey(): string;
  /** Forgets master keys no longer used by any wrapped key. */
  retireMasterKeys(inUse: ReadonlySet<string>): string[];
  /**
   * A keyed hash (HMAC-SHA256, hex) of `text` under a key derived (HKDF) from this data key: equal
   * texts give equal hashes, so a sealed column can still be looked up, without revealing the text.
   */
  lookupHash(key: WrappedKey, text: string): string;
  /** A fresh random integrity key, sealed under the current master key (it is kept in the database). */
  newIntegrityKey(): string;
  /** Opens a sealed integrity key and derives its MAC keys (HKDF-SHA-256, one per purpose); throws when it does not open. */
  integrityKeys(sealed: string): IntegrityKeys;
  /** Re-seals an integrity key under the current master key (rotation); the key itself stays the same. */
  rewrapIntegrityKey(sealed: string): string;
  /** Whether the key file (read afresh) still holds this master key, so a restart can use it. */
  isKept(masterKeyId: string): boolean;
  /** Null when the data key unwraps with the master keys on disk; otherwise why not. */
  checkDataKey(key: WrappedKey): string | null;
  /** Null when a secret sealed by sealSecret opens with the master keys on disk; otherwise why not. */
  checkSecret(ciphertext: string, binding: string): string | null;
  /** Drops everything this process keeps opened under a data key (the key itself, its look-up key, the texts it opened): an erasure. */
  forget(key: WrappedKey): void;
  /** Encrypts / decrypts whole files (backups) under a key derived from the master key. */
  sealBlob(data: Buffer): Buffer;
  openBlob(data: Buffer): Buffer;
  /** The master key a new streamed backup is sealed under (the current one). */
  backupMasterKeyId(): string;
  /**
   * Seals / opens one segment of a streamed backup (AES-256-GCM under a key derived from that
   * master key); `binding` (the file, the segment's place, whether it is the last) is authenticated
   * with it. Opening throws when the key is not at hand or the segment or its binding was altered.
   */
  sealBackupSegment(masterKeyId: string, data: Buffer, binding: string): Buffer;
  openBackupSegment(masterKeyId: string, sealed: Buffer, binding: string): Buffer;
}
export type WrappedKey = { wrapped: string; masterKeyId: string };
/** MAC keys for the audit chain and for record seals; never the encryption keys. */
export type IntegrityKeys = { chain: Uint8Array; records: Uint8Array };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** An SMTP server to send through (the practice's mail settings, with the password opened). */
export type SmtpServer = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  sender: string;
  username: string | null;
  password: string | null;
};
/** One message as it leaves: rendered from a fixed template (domain/mail/messages.ts). */
export type OutgoingMail = { to: string; subject: string; text: string; html: string; messageId?: string };

/**
 * Sends mail through an SMTP server (storage/smtp-mailer.ts, nodemailer). Throws `MailError` on
 * failure: `permanent` when trying again cannot help (the server refused the recipient for good).
 */
export interface Mailer {
  send(server: SmtpServer, mail: OutgoingMail): Promise<void>;
}
export type MailFailure = { code: string; permanent: boolean };
/** One erasure as the erasure log keeps it, outside the database (see storage/erasure-log.ts). */
export type ErasureEntry = { clientId: string; erasedAt: string; erasedBy: string | null };

/**
 * The erasure log: every erasure, appended to a file beside the master key, so that a backup made
 * before an erasure, restored later, has the erasure re-applied (its data key deleted again).
 */
export interface ErasureLog {
  append(e: ErasureEntry): void;
  list(): ErasureEntry[];
}
