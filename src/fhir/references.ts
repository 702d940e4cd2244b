/**
 * Reference integrity of a bundle: every `reference` (`Type/id`) names an entry of the same bundle,
 * and every questionnaire a response names (`url|version`) is a Questionnaire in it. The export's
 * tests hold it to none dangling; the import refuses a bundle with any.
 */
export type Dangling = { resource: string; path: string; reference: string };

type Entry = { resource?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The references of a bundle that resolve to nothing in it. */
export function danglingReferences(bundle: { entry?: readonly Entry[] }): Dangling[] {
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter(isObject);
  const known = new Set(resources.map((r) => `${String(r.resourceType)}/${String(r.id)}`));
  const canonicals = new Set<string>();
  for (const r of resources) {
    if (r.resourceType !== 'Questionnaire' || typeof r.url !== 'string') continue;
    canonicals.add(r.url);
    if (typeof r.version === 'string') canonicals.add(`${r.url}|${r.version}`);
  }
  const out: Dangling[] = [];
  const walk = (v: unknown, path: string, owner: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, owner));
    if (!isObject(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (k === 'reference' && typeof x === 'string' && !known.has(x)) out.push({ resource: owner, path: at, reference: x });
      else walk(x, at, owner);
    }
  };
  for (const r of resources) {
    const owner = `${String(r.resourceType)}/${String(r.id)}`;
    walk(r, '', owner);
    if (r.resourceType === 'QuestionnaireResponse' && typeof r.questionnaire === 'string' && !canonicals.has(r.questionnaire))
      out.push({ resource: owner, path: 'questionnaire', reference: r.questionnaire });
  }
  return out;
}
