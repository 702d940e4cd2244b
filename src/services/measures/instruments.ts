/**
 * The instrument catalogue (SPEC §3 C4): the built-ins shipped in code, plus the definitions a
 * practice adds (a licensed ORS/SRS, WAI, OQ-45…), validated on import with every problem named.
 * Responses keep the version they were answered on, so every version ever imported stays.
 */
import { DomainError } from '../../domain/errors.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { validateInstrumentDefinition } from '../../domain/measures/instrument.ts';
import { BUILTIN_INSTRUMENTS, findBuiltin } from '../../domain/measures/builtin/index.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';

export type CatalogueEntry = { def: InstrumentDefinition; builtin: boolean; addedAt: string | null };

/** Every instrument version: built-ins first, then the practice's in the order they were added. */
export async function listInstruments(deps: Pick<Deps, 'store'>): Promise<CatalogueEntry[]> {
  const own = await deps.store.listInstrumentDefinitions();
  return [
    ...BUILTIN_INSTRUMENTS.map((def) => ({ def, builtin: true, addedAt: null })),
    ...own.map((r) => ({ def: JSON.parse(r.definition) as InstrumentDefinition, builtin: false, addedAt: r.createdAt })),
  ];
}

/**
 * The definition to use for a code: a built-in, or the practice's latest version of it (or the
 * named version, for scoring a stored response exactly as it was answered).
 */
export async function findInstrument(deps: Pick<Deps, 'store'>, code: string, version?: string): Promise<InstrumentDefinition | undefined> {
  const builtin = findBuiltin(code);
  if (builtin) return builtin;
  const versions = (await deps.store.listInstrumentDefinitions()).filter((r) => r.code === code);
  const row = version === undefined ? versions[versions.length - 1] : versions.find((r) => r.version === version);
  return row && (JSON.parse(row.definition) as InstrumentDefinition);
}

export async function getInstrument(deps: Pick<Deps, 'store'>, code: string, version?: string): Promise<InstrumentDefinition> {
  const def = await findInstrument(deps, code, version);
  if (!def) throw new DomainError('not_found', `There is no instrument "${code}"${version ? ` version ${version}` : ''}.`);
  return def;
}

/**
 * Adds a practice definition. Invalid definitions are refused with every problem as
 * `{ path, message }` in the error details; an existing code+version is a conflict (a changed
 * instrument is a new version, so stored responses keep meaning what they meant).
 */
export async function importInstrument(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: unknown, by: string): Promise<InstrumentDefinition> {
  const checked = validateInstrumentDefinition(input);
  if (!checked.ok) {
    const n = checked.errors.length;
    throw new DomainError(
      'invalid_input',
      `The instrument definition has ${n} problem${n === 1 ? '' : 's'}: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`,
      { errors: checked.errors },
    );
  }
  const def = checked.value;
  const existing = (await deps.store.listInstrumentDefinitions()).find((r) => r.code === def.code && r.version === def.version);
  if (existing) throw new DomainError('conflict', `${def.title} version ${def.version} is already in the catalogue. A changed definition needs a new version.`);
  await deps.store.insertInstrumentDefinition({
    id: deps.ids.newId(),
    code: def.code,
    version: def.version,
    definition: JSON.stringify(def),
    createdBy: by,
    createdAt: iso(deps.clock.now()),
  });
  return def;
}
