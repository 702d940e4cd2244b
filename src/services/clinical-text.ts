/**
 * The one place clinical text is sealed and opened. Each client has a data key (created with the
 * client, wrapped by the master key); every stored text names its binding `table:id:field`, so a
 * ciphertext moved to another row or column does not open. Erasing the client's key makes all of
 * their text unreadable at once (crypto-shredding).
 */
import type { Deps } from './deps.ts';
import type { WrappedKey } from './ports.ts';
import { DomainError } from '../domain/errors.ts';
import { rewrapIntegrityKey } from './operations/integrity.ts';

export type Binding = { table: string; id: string; field: string };
const bindingText = (b: Binding) => `${b.table}:${b.id}:${b.field}`;

export async function createClientKey(deps: Pick<Deps, 'store' | 'vault' | 'clock'>, clientId: string): Promise<WrappedKey> {
  const key = deps.vault.newDataKey();
  await deps.store.insertClientKey(clientId, key, deps.clock.now().toISOString());
  return key;
}

async function keyOf(deps: Pick<Deps, 'store'>, clientId: string): Promise<WrappedKey> {
  const key = await deps.store.findClientKey(clientId);
  if (!key) throw new DomainError('not_found', 'This client record has been erased.');
  return key;
}

export async function sealText(deps: Pick<Deps, 'store' | 'vault'>, clientId: string, b: Binding, text: string): Promise<string> {
  return deps.vault.seal(await keyOf(deps, clientId), text, bindingText(b));
}

/** A text whose data key or ciphertext does not open (see `accord verify`). */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * Opens one sealed text for each of many clients with a single key lookup (caseload lists).
 * Items whose client has been erased come back as null; items whose key or text does not open
 * come back as UNREADABLE, so one damaged record does not take the whole list down.
 */
export async function openTextsOfClients(
  deps: Pick<Deps, 'store' | 'vault'>,
  items: readonly { clientId: string; binding: Binding; sealed: string }[],
): Promise<(string | typeof UNREADABLE | null)[]> {
  const keys = await deps.store.findClientKeys([...new Set(items.map((i) => i.clientId))]);
  return items.map((i) => {
    const key = keys.get(i.clientId);
    if (!key) return null;
    try {
      return deps.vault.open(key, i.sealed, bindingText(i.binding));
    } catch {
      return UNREADABLE;
    }
  });
}
/**
 * The names of these clients (ids may repeat or be null), one row each and one key lookup for all:
 * an erased client is absent from the map, a name that does not open is UNREADABLE.
 */
export async function clientNamesOf(deps: Pick<Deps, 'store' | 'vault'>, ids: readonly (string | null)[]): Promise<Map<string, string | typeof UNREADABLE>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = (await Promise.all(unique.map((id) => deps.store.findClient(id)))).flatMap((c) => (c ? [c] : []));
  const opened = await openTextsOfClients(
    deps,
    rows.map((c) => ({ clientId: c.id, binding: { table: 'clients', id: c.id, field: 'name' }, sealed: c.nameEnc })),
  );
  const names = new Map<string, string | typeof UNREADABLE>();
  rows.forEach((c, i) => {
    const name = opened[i];
    if (name !== null && name !== undefined) names.set(c.id, name);
  });
  return names;
}

export async function openText(deps: Pick<Deps, 'store' | 'vault'>, clientId: string, b: Binding, sealed: string): Promise<string> {
  return openOrSay(deps, await keyOf(deps, clientId), b, sealed);
}

/** A text that does not open is a clear 503 pointing to `accord verify`, not an anonymous 500. */
function openOrSay(deps: Pick<Deps, 'vault'>, key: WrappedKey, b: Binding, sealed: string): string {
  try {
    return deps.vault.open(key, sealed, bindingText(b));
  } catch {
    throw new DomainError(
      'unavailable',
      'This part of the client record cannot be opened: its key or text is damaged or its master key is missing. The admin should run `accord verify`.',
    );
  }
}

/**
 * Re-wraps every client's data key, TOTP secret, the account key and the integrity key under a new master key and retires the master
 * keys nothing is wrapped by any more. Safe while `accord serve` runs, in one or several instances:
 * the new key is in the key file before anything is re-wrapped, and instances check the file before
 * they wrap, so they use it for new clients; an old key is retired only when no data key or secret
 * is wrapped by it; and a client key an instance wrapped with the old key just before the retirement
 * is caught by a last sweep here or by the instance itself (keepClientKey).
 */
export async function rotateMasterKey(deps: Pick<Deps, 'store' | 'vault'>): Promise<{ newKeyId: string; rewrapped: number; retired: string[] }> {
  const newKeyId = deps.vault.rotateMasterKey();
  let rewrapped = 0;
  let inUse = new Set<string>();
  // A few passes: clients created meanwhile by instances that had not seen the new key yet.
  for (let pass = 0; pass < 5; pass++) {
    const stale = (await deps.store.listClientKeys()).filter((k) => k.masterKeyId !== deps.vault.currentMasterKeyId());
    for (const k of stale) {
      await deps.store.updateClientKey(k.clientId, deps.vault.rewrap(k));
      rewrapped++;
    }
    await resealSecrets(deps);
    await rewrapPracticeKeys(deps);
    inUse = await masterKeysInUse(deps);
    if ([...inUse].every((id) => id === deps.vault.currentMasterKeyId())) break;
  }
  inUse.add(deps.vault.currentMasterKeyId());
  const retired = deps.vault.retireMasterKeys(inUse);
  // A client created by an instance between the last look and the retirement: this process still
  // holds the retired key in memory, so it re-wraps that data key now.
  if (retired.length) {
    for (const k of await deps.store.listClientKeys()) {
      if (retired.includes(k.masterKeyId)) {
        await deps.store.updateClientKey(k.clientId, deps.vault.rewrap(k));
        rewrapped++;
      }
    }
    await resealSecrets(deps);
    await rewrapPracticeKeys(deps);
  }
  return { newKeyId, rewrapped, retired };
}

/** TOTP secrets are sealed directly under a master key: re-seal those under an older one. */
async function resealSecrets(deps: Pick<Deps, 'store' | 'vault'>): Promise<void> {
  const practice = await deps.store.findPractice();
  if (!practice) return;
  const current = deps.vault.currentMasterKeyId();
  for (const u of await deps.store.listUsers(practice.id)) {
    if (!u.totpSecret || u.totpSecret.startsWith(`${current}:`)) continue;
    const binding = `users:${u.id}:totp`;
    await deps.store.updateUser(u.id, { totpSecret: deps.vault.sealSecret(deps.vault.openSecret(u.totpSecret, binding), binding) });
  }
}

/**
 * The practice's own keys — the account key (sealed emails and names, the email look-up hash) and
 * the integrity key (audit links, record seals) — are re-wrapped, never replaced, so look-up hashes
 * and MACs already written stay valid through a rotation.
 */
async function rewrapPracticeKeys(deps: Pick<Deps, 'store' | 'vault'>): Promise<void> {
  const accountKey = await deps.store.findAccountKey();
  if (accountKey && accountKey.masterKeyId !== deps.vault.currentMasterKeyId()) await deps.store.updateAccountKey(deps.vault.rewrap(accountKey));
  await rewrapIntegrityKey(deps);
}

async function masterKeysInUse(deps: Pick<Deps, 'store'>): Promise<Set<string>> {
  const inUse = new Set((await deps.store.listClientKeys()).map((k) => k.masterKeyId));
  const accountKey = await deps.store.findAccountKey();
  if (accountKey) inUse.add(accountKey.masterKeyId);
  const integrityKeyId = await deps.store.integrityMasterKeyId();
  if (integrityKeyId) inUse.add(integrityKeyId);
  const practice = await deps.store.findPractice();
  if (practice) for (const u of await deps.store.listUsers(practice.id)) if (u.totpSecret) inUse.add(u.totpSecret.slice(0, u.totpSecret.indexOf(':')));
  return inUse;
}

/**
 * Called after a new client key is committed: if a rotation retired the master key that wrapped it
 * in the meantime (this process still holds that key in memory), re-wrap it under the current one
 * so that the client stays readable after a restart.
 */
export async function keepClientKey(deps: Pick<Deps, 'store' | 'vault'>, clientId: string): Promise<void> {
  const key = await deps.store.findClientKey(clientId);
  if (key && !deps.vault.isKept(key.masterKeyId)) await deps.store.updateClientKey(clientId, deps.vault.rewrap(key));
}

/** The same for a TOTP secret just stored for a user. */
export async function keepSecret(deps: Pick<Deps, 'store' | 'vault'>, userId: string): Promise<void> {
  const u = await deps.store.findUserById(userId);
  if (!u?.totpSecret) return;
  const id = u.totpSecret.slice(0, u.totpSecret.indexOf(':'));
  if (deps.vault.isKept(id)) return;
  const binding = `users:${u.id}:totp`;
  await deps.store.updateUser(u.id, { totpSecret: deps.vault.sealSecret(deps.vault.openSecret(u.totpSecret, binding), binding) });
}

/**
 * For `accord verify`: every client data key and TOTP secret must open with the master keys on
 * disk (what a restarted Accord would have). Lists the ones that do not, by client or user id.
 */
export async function checkMasterKeys(deps: Pick<Deps, 'store' | 'vault'>): Promise<{ checked: number; problems: string[] }> {
  const problems: string[] = [];
  const keys = await deps.store.listClientKeys();
  for (const k of keys) {
    const why = deps.vault.checkDataKey(k);
    if (why) problems.push(`the data key of client ${k.clientId} does not open: ${why}`);
  }
  let checked = keys.length;
  const practice = await deps.store.findPractice();
  if (practice) {
    for (const u of await deps.store.listUsers(practice.id)) {
      if (!u.totpSecret) continue;
      checked++;
      const why = deps.vault.checkSecret(u.totpSecret, `users:${u.id}:totp`);
      if (why) problems.push(`the authenticator secret of user ${u.id} does not open: ${why}`);
    }
  }
  return { checked, problems };
}

/**
 * Seals and opens many texts of one client with a single key look-up (the alliance ledger opens
 * hundreds of short texts per course). Same bindings and ciphertexts as sealText / openText.
 */
export async function clientTexts(
  deps: Pick<Deps, 'store' | 'vault'>,
  clientId: string,
): Promise<{ seal(b: Binding, text: string): string; open(b: Binding, sealed: string): string }> {
  const key = await keyOf(deps, clientId);
  return {
    seal: (b, text) => deps.vault.seal(key, text, bindingText(b)),
    open: (b, sealed) => openOrSay(deps, key, b, sealed),
  };
}
