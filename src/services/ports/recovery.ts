/**
 * The recovery port: a person's one-time recovery codes (kept as hashes) and the one-time reset
 * links an admin or the operator makes (kept as hashes of their tokens). Invariants: a code or a
 * link is used at most once, even when two requests race.
 */
export type AccountResetKind = 'password' | 'second_factor';

export type AccountResetRow = {
  id: string;
  practiceId: string;
  userId: string;
  kind: AccountResetKind;
  tokenHash: string;
  /** Null: made by the operator at the console (`accord user reset`). */
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
};

export interface RecoveryStore {
  /** Replaces a person's recovery codes with these (none: removes them). */
  replaceRecoveryCodes(userId: string, codeHashes: readonly string[], at: string): Promise<void>;
  /** Uses an unused code of the person once; false when there is no such unused code. */
  useRecoveryCode(userId: string, codeHash: string, at: string): Promise<boolean>;
  /** How many of the person's codes are still unused. */
  countRecoveryCodes(userId: string): Promise<number>;

  insertAccountReset(row: AccountResetRow): Promise<void>;
  findAccountResetByTokenHash(tokenHash: string): Promise<AccountResetRow | undefined>;
  /** Marks an unused reset link used; false when it was used already. */
  useAccountReset(id: string, at: string): Promise<boolean>;
}
