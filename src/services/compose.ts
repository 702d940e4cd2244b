/** Builds the Deps bundle from ports; used by the composition root and by tests. */
import type { Clock, ErasureLog, Ids, PasswordHasher, Store, Vault } from './ports.ts';
import type { Deps, SecuritySettings } from './deps.ts';
import { securityDefaults } from './deps.ts';
import { AuditLog } from './audit-log.ts';

export function makeDeps(p: {
  store: Store;
  clock: Clock;
  ids: Ids;
  vault: Vault;
  hasher: PasswordHasher;
  security?: Partial<SecuritySettings>;
  erasureLog?: ErasureLog;
}): Deps {
  return { ...p, audit: new AuditLog(p.store, p.clock, p.ids), security: { ...securityDefaults, ...p.security } };
}
