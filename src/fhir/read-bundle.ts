/**
 * Reads FHIR R4 JSON — one QuestionnaireResponse, or a Bundle of any type — into an import plan
 * (domain/data-rights/import-plan.ts). Two uses:
 * - answers for one existing client (`forClient`): the PHQ-9 and GAD-7 QuestionnaireResponses of
 *   another system, matched to Accord's items by LOINC item code or by Accord's own item ids;
 * - whole records (a practice's export, Accord's or shaped like it): Patient, EpisodeOfCare,
 *   Encounter, QuestionnaireResponse, Goal and the goal ratings' Observations, every reference
 *   resolving inside the bundle.
 * Totals (derived, recomputed from the answers), Questionnaires, Practitioners (matched by name)
 * and AuditEvents (this Accord records the import itself) are read but not written.
 */
import type { ImportPlan, PlanClient, PlanCourse, PlanGoal, PlanResponse, Problem } from '../domain/data-rights/import-plan.ts';
import type { JsonPath } from '../domain/data-rights/json-lines.ts';
import { ACCORD, LOINC, LOINC_ITEM, ORDINAL_VALUE, PHQ_ANSWERS } from './codes.ts';
import { danglingReferences } from './references.ts';

export type ReadResult = { plan: ImportPlan; problems: Problem[]; notes: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const field = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

const KNOWN = new Set(['Patient', 'Practitioner', 'EpisodeOfCare', 'Encounter', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Goal', 'AuditEvent']);
/** The panels Accord knows by their LOINC code. */
const PANELS = new Map([
  ['44249-1', 'phq9'],
  ['69737-5', 'gad7'],
]);
/** Questions on the paper forms that are not part of the scored instrument (PHQ-9's difficulty question, a total entered as an item). */
const UNSCORED = new Set(['69722-7', '44261-6', '70274-6']);

function codings(concept: unknown): { system: string | null; code: string | null }[] {
  return arr(isObj(concept) ? field(concept, 'coding') : undefined)
    .filter(isObj)
    .map((c) => ({ system: str(field(c, 'system')), code: str(field(c, 'code')) }));
}
const codeIn = (concepts: unknown, system: string): string | null => {
  for (const c of Array.isArray(concepts) ? concepts : [concepts]) for (const k of codings(c)) if (k.system === system && k.code) return k.code;
  return null;
};
const ext = (o: Obj, url: string): Obj | undefined =>
  arr(field(o, 'extension'))
    .filter(isObj)
    .find((e) => field(e, 'url') === url);
const sub = (e: Obj | undefined, url: string): Obj | undefined => (e ? ext(e, url) : undefined);
const refOf = (v: unknown): string | null => (isObj(v) ? str(field(v, 'reference')) : null);

/** The instrument a response answers: by Accord's canonical URL, a LOINC panel in it, or its Questionnaire's LOINC code. */
function instrumentOf(qr: Obj, questionnaires: ReadonlyMap<string, Obj>): string | null {
  const canonical = str(field(qr, 'questionnaire'));
  if (!canonical) return null;
  const url = canonical.split('|')[0]!;
  if (url.startsWith(`${ACCORD.instrument}:`)) return url.slice(ACCORD.instrument.length + 1);
  for (const [panel, code] of PANELS) if (url.includes(panel)) return code;
  const q = questionnaires.get(canonical) ?? questionnaires.get(url);
  const panel = q ? codeIn(field(q, 'code'), LOINC) : null;
  return panel ? (PANELS.get(panel) ?? null) : null;
}

/** One answer's value: a LOINC answer code, Accord's own answer code, an ordinal value, or a number. */
function answerValue(a: Obj): number | null | undefined {
  for (const k of ['valueInteger', 'valueDecimal']) {
    const v = field(a, k);
    if (typeof v === 'number') return v;
  }
  const c = field(a, 'valueCoding');
  if (!isObj(c)) return undefined;
  const ordinal = ext(c, ORDINAL_VALUE) ?? ext(a, ORDINAL_VALUE);
  const ov = ordinal ? field(ordinal, 'valueDecimal') : undefined;
  if (typeof ov === 'number') return ov;
  const system = str(field(c, 'system'));
  const code = str(field(c, 'code'));
  if (!code) return undefined;
  if (system === LOINC) {
    const i = PHQ_ANSWERS.indexOf(code);
    return i >= 0 ? i : undefined;
  }
  if (system?.startsWith(`${ACCORD.answer}:`) && /^-?\d+(\.\d+)?$/.test(code)) return Number(code);
  return undefined;
}

export type FhirReadOptions = { forClient: boolean; lineOf: (path: JsonPath) => number | undefined };

/** Reads FHIR R4 JSON (already parsed) into a plan, with every problem found on the way. */
export function readFhir(value: unknown, opts: FhirReadOptions): ReadResult {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const plan: ImportPlan = { clients: [], responses: [] };
  if (!isObj(value) || (field(value, 'resourceType') !== 'Bundle' && field(value, 'resourceType') !== 'QuestionnaireResponse')) {
    problems.push({ where: 'the file', message: 'not a FHIR Bundle or QuestionnaireResponse (its "resourceType" says neither)' });
    return { plan, problems, notes };
  }
  const single = field(value, 'resourceType') === 'QuestionnaireResponse';
  const entries: { resource: Obj; path: JsonPath }[] = single
    ? [{ resource: value, path: [] }]
    : arr(field(value, 'entry')).flatMap((e, i) => {
        const r = isObj(e) ? field(e, 'resource') : undefined;
        if (!isObj(r)) {
          problems.push({ where: `Bundle.entry[${i}]${line(opts, ['entry', i])}`, message: 'the entry has no resource' });
          return [];
        }
        return [{ resource: r, path: ['entry', i, 'resource'] }];
      });
  const nameOf = (e: { resource: Obj; path: JsonPath }) =>
    `${single ? '' : `Bundle.entry[${String(e.path[1])}] `}${String(field(e.resource, 'resourceType'))}/${str(field(e.resource, 'id')) ?? '?'}${line(opts, e.path)}`;
  const byRef = new Map<string, { resource: Obj; path: JsonPath }>();
  const ignored = new Map<string, number>();
  for (const e of entries) {
    const type = str(field(e.resource, 'resourceType'));
    if (!type || !KNOWN.has(type)) {
      problems.push({ where: nameOf(e), message: `Accord does not import ${type ? `a ${type}` : 'a resource without a resourceType'}` });
      continue;
    }
    const id = str(field(e.resource, 'id'));
    if (id) {
      if (byRef.has(`${type}/${id}`)) problems.push({ where: nameOf(e), message: `${type}/${id} appears twice in the bundle` });
      byRef.set(`${type}/${id}`, e);
    }
  }
  const of = (type: string) => entries.filter((e) => field(e.resource, 'resourceType') === type);
  const questionnaires = new Map<string, Obj>();
  for (const q of of('Questionnaire')) {
    const url = str(field(q.resource, 'url'));
    if (!url) continue;
    questionnaires.set(url, q.resource);
    const version = str(field(q.resource, 'version'));
    if (version) questionnaires.set(`${url}|${version}`, q.resource);
  }

  if (!opts.forClient && !single) {
    for (const d of danglingReferences({ entry: entries.map((e) => ({ resource: e.resource })) })) {
      const e = byRef.get(d.resource);
      problems.push({ where: e ? nameOf(e) : d.resource, message: `${d.path} refers to ${d.reference}, which is not in the bundle` });
    }
  }

  const readResponse = (e: { resource: Obj; path: JsonPath }, sessionKeyOf: (ref: string) => string | null): PlanResponse | null => {
    const where = nameOf(e);
    const r = e.resource;
    const status = str(field(r, 'status'));
    if (status === 'entered-in-error') {
      ignored.set('QuestionnaireResponse marked entered-in-error', (ignored.get('QuestionnaireResponse marked entered-in-error') ?? 0) + 1);
      return null;
    }
    if (status !== 'completed' && status !== 'amended') {
      problems.push({ where, message: `only completed answers are imported (status is ${status ?? 'missing'})` });
      return null;
    }
    const code = instrumentOf(r, questionnaires);
    if (!code) {
      problems.push({
        where,
        message: `unknown questionnaire ${str(field(r, 'questionnaire')) ?? '(none named)'}: Accord imports PHQ-9 (LOINC 44249-1) and GAD-7 (69737-5)`,
      });
      return null;
    }
    const authored = str(field(r, 'authored'));
    if (!authored) {
      problems.push({ where, message: 'the answers have no date ("authored")' });
      return null;
    }
    const answers: Record<string, number | null> = {};
    const walk = (items: unknown[], path: JsonPath): void =>
      items.forEach((raw, i) => {
        if (!isObj(raw)) return;
        const at = [...path, i];
        const nested = field(raw, 'item');
        if (Array.isArray(nested)) walk(nested, [...at, 'item']);
        const linkId = (str(field(raw, 'linkId')) ?? '').replace(/^\//, '');
        const ans = arr(field(raw, 'answer'));
        if (!ans.length) return;
        if (UNSCORED.has(linkId)) return;
        // A LOINC item code, or Accord's own item id: whether the instrument has it is the plan's check.
        const itemId = LOINC_ITEM.get(linkId) ?? linkId;
        const v = isObj(ans[0]) ? answerValue(ans[0]) : undefined;
        if (v === undefined) {
          problems.push({ where: `${where}, item ${linkId}`, message: `item ${linkId}: the answer is not a known code or a number` });
          return;
        }
        answers[itemId] = v;
      });
    walk(arr(field(r, 'item')), ['item']);
    const encounter = refOf(field(r, 'encounter'));
    return { where, instrumentCode: code, completedAt: authored, answers, sessionKey: encounter ? sessionKeyOf(encounter) : null };
  };

  if (opts.forClient || single) {
    const subjects = new Set<string>();
    for (const e of of('QuestionnaireResponse')) {
      const s = refOf(field(e.resource, 'subject'));
      if (s) subjects.add(s);
      const r = readResponse(e, () => null);
      if (r) plan.responses.push({ ...r, sessionKey: null });
    }
    if (subjects.size > 1)
      problems.push({ where: 'the file', message: `the answers are about ${subjects.size} different patients; import one client’s answers at a time` });
    const other = entries.length - of('QuestionnaireResponse').length;
    if (other) notes.push(`${other} other resources were read but not imported (only answers are imported into one client)`);
    if (!plan.responses.length && !problems.length)
      problems.push({ where: 'the file', message: 'there are no completed answers (QuestionnaireResponse) in it' });
    return { plan, problems, notes };
  }

  // Whole records.
  const practitionerName = (ref: string | null) => {
    const p = ref ? byRef.get(ref) : undefined;
    const n = p ? arr(field(p.resource, 'name')).filter(isObj)[0] : undefined;
    return n ? (str(field(n, 'text')) ?? [arr(field(n, 'given')).join(' '), str(field(n, 'family'))].filter(Boolean).join(' ')) : null;
  };
  const clients = new Map<string, PlanClient>();
  for (const e of of('Patient')) {
    const r = e.resource;
    const n = arr(field(r, 'name')).filter(isObj)[0];
    const name = n ? (str(field(n, 'text')) ?? [arr(field(n, 'given')).join(' '), str(field(n, 'family'))].filter(Boolean).join(' ')) : '';
    const telecom = arr(field(r, 'telecom')).filter(isObj);
    const contact = (system: string) => str(field(telecom.find((t) => field(t, 'system') === system) ?? {}, 'value'));
    clients.set(`Patient/${String(field(r, 'id'))}`, {
      where: nameOf(e),
      name,
      contact: { email: contact('email'), phone: contact('phone'), dateOfBirth: str(field(r, 'birthDate')) },
      therapistName: practitionerName(refOf(arr(field(r, 'generalPractitioner'))[0])),
      courses: [],
    });
  }
  const STATUS_BACK: Record<string, string> = { active: 'active', onhold: 'paused', finished: 'ended' };
  const courses = new Map<string, PlanCourse>();
  for (const e of of('EpisodeOfCare')) {
    const r = e.resource;
    const client = clients.get(refOf(field(r, 'patient')) ?? '');
    if (!client) {
      problems.push({ where: nameOf(e), message: 'the course names no Patient of the bundle' });
      continue;
    }
    const type = field(r, 'type');
    const period = isObj(field(r, 'period')) ? (field(r, 'period') as Obj) : {};
    const status = codeIn(type, ACCORD.courseStatus) ?? STATUS_BACK[str(field(r, 'status')) ?? ''] ?? String(field(r, 'status'));
    const course: PlanCourse = {
      where: nameOf(e),
      key: `EpisodeOfCare/${String(field(r, 'id'))}`,
      startedOn: (str(field(period, 'start')) ?? '').slice(0, 10),
      endedOn: str(field(period, 'end'))?.slice(0, 10) ?? null,
      frequency: codeIn(type, ACCORD.frequency) ?? 'weekly',
      phase: codeIn(type, ACCORD.phase) ?? (status === 'ended' ? 'termination' : 'middle'),
      status,
      endReason: codeIn(type, ACCORD.endReason) ?? (status === 'ended' ? 'planned' : null),
      therapistName: practitionerName(refOf(field(r, 'careManager'))),
      sessions: [],
      goals: [],
      responses: [],
    };
    courses.set(course.key, course);
    client.courses.push(course);
  }
  const ENCOUNTER_BACK: Record<string, string> = { planned: 'scheduled', finished: 'attended', cancelled: 'cancelled_by_therapist' };
  const sessionCourse = new Map<string, PlanCourse>();
  for (const e of of('Encounter')) {
    const r = e.resource;
    const course = courses.get(refOf(arr(field(r, 'episodeOfCare'))[0]) ?? '');
    if (!course) {
      problems.push({ where: nameOf(e), message: 'the session names no course (episodeOfCare) of the bundle' });
      continue;
    }
    const period = isObj(field(r, 'period')) ? (field(r, 'period') as Obj) : {};
    const start = str(field(period, 'start')) ?? '';
    const end = str(field(period, 'end'));
    const length = isObj(field(r, 'length')) ? field(field(r, 'length') as Obj, 'value') : undefined;
    const minutes = typeof length === 'number' ? length : end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : 50;
    const key = `Encounter/${String(field(r, 'id'))}`;
    course.sessions.push({
      where: nameOf(e),
      key,
      startsAt: start,
      durationMinutes: minutes,
      status: codeIn(field(r, 'type'), ACCORD.sessionStatus) ?? ENCOUNTER_BACK[str(field(r, 'status')) ?? ''] ?? String(field(r, 'status')),
    });
    sessionCourse.set(key, course);
  }
  const courseSpanning = (client: PlanClient | undefined, at: string) =>
    client?.courses.find((k) => k.startedOn <= at.slice(0, 10) && (k.endedOn === null || at.slice(0, 10) <= k.endedOn)) ?? null;
  for (const e of of('QuestionnaireResponse')) {
    const r = readResponse(e, (ref) => ref);
    if (!r) continue;
    const client = clients.get(refOf(field(e.resource, 'subject')) ?? '');
    const course = (r.sessionKey ? sessionCourse.get(r.sessionKey) : undefined) ?? courseSpanning(client, r.completedAt);
    if (!client || !course) {
      problems.push({ where: r.where, message: client ? `no course of this client spans ${r.completedAt}` : 'the answers name no Patient of the bundle' });
      continue;
    }
    course.responses.push(r);
  }
  const goals = new Map<string, PlanGoal>();
  const side = (v: unknown): 'client' | 'therapist' => (v === 'client' ? 'client' : 'therapist');
  for (const e of of('Goal')) {
    const r = e.resource;
    const client = clients.get(refOf(field(r, 'subject')) ?? '');
    const proposedAt = str(field(ext(r, ACCORD.goalProposedAt) ?? {}, 'valueDateTime')) ?? `${str(field(r, 'startDate')) ?? ''}T00:00:00.000Z`;
    const course = courses.get(refOf(field(ext(r, ACCORD.goalCourse) ?? {}, 'valueReference')) ?? '') ?? courseSpanning(client, proposedAt);
    if (!course) {
      problems.push({ where: nameOf(e), message: 'the goal names no course of the bundle, and none of its client spans its start' });
      continue;
    }
    const category = field(r, 'category');
    const agreement = ext(r, ACCORD.goalAgreement);
    const closure = ext(r, ACCORD.goalClosure);
    const gas = ext(r, ACCORD.goalGas);
    const lifecycle = str(field(r, 'lifecycleStatus'));
    const v = (x: Obj | undefined, k: string) => (x ? field(x, k) : undefined);
    const goal: PlanGoal = {
      where: nameOf(e),
      key: `Goal/${String(field(r, 'id'))}`,
      text: str(field(isObj(field(r, 'description')) ? (field(r, 'description') as Obj) : {}, 'text')) ?? '',
      focus: codeIn(category, ACCORD.goalFocus) ?? '',
      author: codeIn(category, ACCORD.goalAuthor) === 'client' || refOf(field(r, 'expressedBy'))?.startsWith('Patient/') ? 'client' : 'therapist',
      proposedAt,
      state:
        codeIn(category, ACCORD.goalState) ??
        (lifecycle === 'proposed' ? 'proposed' : `(${lifecycle ?? 'none'}: Accord reads a goal's state from its own goal-state code)`),
      agreement: agreement
        ? {
            by: side(v(sub(agreement, 'by'), 'valueCode')),
            recordedBy: side(v(sub(agreement, 'recordedBy'), 'valueCode')),
            at: str(v(sub(agreement, 'at'), 'valueDateTime')) ?? '',
            words: str(v(sub(agreement, 'words'), 'valueString')) ?? '',
          }
        : null,
      closure: closure
        ? {
            state: str(v(sub(closure, 'state'), 'valueCode')) ?? '',
            at: str(v(sub(closure, 'at'), 'valueDateTime')) ?? '',
            by: side(v(sub(closure, 'by'), 'valueCode')),
            note: str(v(sub(closure, 'note'), 'valueString')),
          }
        : null,
      revisionOfKey: refOf(field(ext(r, ACCORD.goalRevisionOf) ?? {}, 'valueReference')),
      gas: gas
        ? {
            weight: Number(v(sub(gas, 'weight'), 'valueDecimal')),
            descriptions: Object.fromEntries(
              arr(field(gas, 'extension'))
                .filter(isObj)
                .flatMap((x) => {
                  const url = str(field(x, 'url')) ?? '';
                  return url.startsWith('level') ? [[url.slice(5), String(field(x, 'valueString'))]] : [];
                }),
            ),
          }
        : null,
      ratings: [],
      attainments: [],
    };
    goals.set(goal.key, goal);
    course.goals.push(goal);
  }
  for (const e of of('Observation')) {
    const r = e.resource;
    const kind = codeIn(field(r, 'code'), ACCORD.goalRating);
    if (!kind) continue; // a total: recomputed from the answers
    const goal = goals.get(refOf(arr(field(r, 'focus'))[0]) ?? '');
    const at = str(field(r, 'effectiveDateTime')) ?? '';
    const value = field(r, 'valueInteger');
    if (!goal || typeof value !== 'number') {
      problems.push({ where: nameOf(e), message: goal ? 'the rating has no whole-number value' : 'the rating names no Goal of the bundle' });
      continue;
    }
    if (kind === 'gas') goal.attainments.push({ at, level: value });
    else goal.ratings.push({ at, value, recordedBy: refOf(arr(field(r, 'performer'))[0])?.startsWith('Patient/') ? 'client' : 'therapist' });
  }
  plan.clients = [...clients.values()];
  for (const [what, n] of ignored) notes.push(`${n} ${what} not imported`);
  const audits = of('AuditEvent').length;
  if (audits) notes.push(`${audits} AuditEvents read but not imported: this Accord's own trail records the import`);
  return { plan, problems, notes };
}

const line = (opts: Pick<FhirReadOptions, 'lineOf'>, path: JsonPath): string => {
  const n = opts.lineOf(path);
  return n === undefined ? '' : ` (line ${n})`;
};
