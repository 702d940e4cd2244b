/**
 * The name index of rows written before it existed (migration 0025): every client's and staff
 * member's name is hashed into `name_tokens` when it is written (createClient, updateClient, the
 * store's insertUser and updateUser); this walks, page by page, the clients and staff accounts
 * that have no index yet, opens each name (a client's under the client's own data key) and indexes
 * it. Run in the background when `accord serve` starts: a no-op once every row has its index, and
 * safe to run in several instances at once (indexing a name twice writes the same rows).
 * An erased client's name does not open (its key is gone) and is left without an index.
 */
import type { Deps } from '../deps.ts';
import { openTextsOfClients } from '../clinical-text.ts';

const PAGE = 500;

export async function indexMissingNames(deps: Pick<Deps, 'store' | 'vault'>): Promise<{ clients: number; staff: number }> {
  let clients = 0;
  let staff = 0;
  for (let after: string | null = null; ;) {
    const page = await deps.store.clientsWithoutNameIndex(after, PAGE);
    if (!page.length) break;
    const names = await openTextsOfClients(
      deps,
      page.map((c) => ({ clientId: c.id, binding: { table: 'clients', id: c.id, field: 'name' }, sealed: c.nameEnc })),
    );
    for (const [i, c] of page.entries()) {
      const name = names[i];
      if (typeof name === 'string') {
        await deps.store.indexClientName(c.id, name);
        clients++;
      }
    }
    after = page.at(-1)!.id;
  }
  for (let after: string | null = null; ;) {
    const page = await deps.store.staffWithoutNameIndex(after, PAGE);
    if (!page.length) break;
    for (const u of page) await deps.store.indexStaffName(u.id, u.displayName);
    staff += page.length;
    after = page.at(-1)!.id;
  }
  return { clients, staff };
}
