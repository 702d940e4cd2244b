/**
 * The one place clinical text is sealed and opened. Each client has a data key (created with the
 * client, wrapped by the master key); every stored text names its binding `table:id:field`, so a
 * ciphertext moved to another row or column does not open. Erasing the client's key makes all of
 * their text unreadable at once (crypto-shredding).
 */
import type { Deps } from './deps.ts';
import type { WrappedKey } from './ports.ts';
import { DomainError } from '../domain/errors.ts';
import { rewrapIntegrityKey } from './integrity.ts';

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

/**
 * Opens one sealed text for each of many clients with a single key lookup (caseload lists).
 * Items whose client has been erased come back as null.
 */
export async function openTextsOfClients(deps: Pick<Deps, 'store' | 'vault'>, items: readonly { clientId: string; binding: Binding; sealed: string }[]): Promise<(string | null)[]> {
  const keys = await deps.store.findClientKeys([...new Set(items.map((i) => i.clientId))]);
  return items.map((i) => {
    const key = keys.get(i.clientId);
    return key ? deps.vault.open(key, i.sealed, bindingText(i.binding)) : null;
  });
}

export async function openText(deps: Pick<Deps, 'store' | 'vault'>, clientId: string, b: Binding, sealed: string): Promise<string> {
  return deps.vault.open(await keyOf(deps, clientId), sealed, bindingText(b));
}

/**
 * Re-wraps every client's data key and the account key under the current master key and retires master keys nobody
 * uses any more. Safe while the app runs: old and new master keys both stay in the ring until
 * every data key has moved.
 */
export async function rotateMasterKey(deps: Pick<Deps, 'store' | 'vault'>): Promise<{ newKeyId: string; rewrapped: number; retired: string[] }> {
  const newKeyId = deps.vault.rotateMasterKey();
  let rewrapped = 0;
  for (const k of await deps.store.listClientKeys()) {
    if (k.masterKeyId === newKeyId) continue;
    await deps.store.updateClientKey(k.clientId, deps.vault.rewrap(k));
    rewrapped++;
  }
  // The account key (sealed emails and names, the email look-up hash) is re-wrapped, not replaced,
  // so look-up hashes stay valid through a rotation.
  const accountKey = await deps.store.findAccountKey();
  if (accountKey && accountKey.masterKeyId !== newKeyId) await deps.store.updateAccountKey(deps.vault.rewrap(accountKey));
  await rewrapIntegrityKey(deps);
  const inUse = new Set((await deps.store.listClientKeys()).map((k) => k.masterKeyId));
  const accountKeyNow = await deps.store.findAccountKey();
  if (accountKeyNow) inUse.add(accountKeyNow.masterKeyId);
  // TOTP secrets are sealed directly under a master key: re-seal them too.
  return { newKeyId, rewrapped, retired: await retireAfterSecrets(deps, inUse) };
}

async function retireAfterSecrets(deps: Pick<Deps, 'store' | 'vault'>, inUse: Set<string>): Promise<string[]> {
  const practice = await deps.store.findPractice();
  if (practice) {
    for (const u of await deps.store.listUsers(practice.id)) {
      if (!u.totpSecret) continue;
      const binding = `users:${u.id}:totp`;
      const resealed = deps.vault.sealSecret(deps.vault.openSecret(u.totpSecret, binding), binding);
      await deps.store.updateUser(u.id, { totpSecret: resealed });
    }
  }
  inUse.add(deps.vault.currentMasterKeyId());
  return deps.vault.retireMasterKeys(inUse);
}

/**
 * Seals and opens many texts of one client with a single key look-up (the alliance ledger opens
 * hundreds of short texts per course). Same bindings and ciphertexts as sealText / openText.
 */
export async function clientTexts(deps: Pick<Deps, 'store' | 'vault'>, clientId: string): Promise<{ seal(b: Binding, text: string): string; open(b: Binding, sealed: string): string }> {
  const key = await keyOf(deps, clientId);
  return {
    seal: (b, text) => deps.vault.seal(key, text, bindingText(b)),
    open: (b, sealed) => deps.vault.open(key, sealed, bindingText(b)),
  };
}
