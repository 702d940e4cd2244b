/**
 * An export (services/data-rights/export.ts) as one FHIR R4 Bundle of type `collection`: Patient,
 * Practitioner, EpisodeOfCare (a course), Encounter (a session), Questionnaire (an instrument
 * version), QuestionnaireResponse (the answers), Observation (a total with its LOINC code and the
 * items that have one as components; a goal's progress rating or GAS attainment), Goal and
 * AuditEvent. Every reference is `Type/id` of an entry of the same bundle; a response names its
 * questionnaire by canonical URL and version. Pure: the same export gives the same bundle.
 */
import type { InstrumentDefinition } from '../domain/measures/instrument.ts';
import type { AuditEvent } from '../domain/audit-chain.ts';
import type { ClientExport, ExportPerson, PracticeExport } from '../services/data-rights/export.ts';
import type { ResponseView } from '../services/measures/measures.ts';
import type { GoalView } from '../services/alliance/goals.ts';
import {
  ACCORD,
  ACT_CODE,
  DICOM,
  FULL_URL_BASE,
  GOAL_ACHIEVEMENT,
  ITEM_LOINC,
  LOINC,
  OBSERVATION_CATEGORY,
  ORDINAL_VALUE,
  PHQ_ANSWERS,
  UCUM,
  usesPhqAnswers,
} from './codes.ts';

export type FhirResource = { resourceType: string; id: string; [field: string]: unknown };
export type FhirBundle = {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
};

const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
const coding = (system: string, code: string, display?: string) => ({ system, code, ...(display ? { display } : {}) });
const concept = (system: string, code: string, display?: string) => ({ coding: [coding(system, code, display)] });

/** FHIR ids are [A-Za-z0-9.-]{1,64}: an instrument's code and version made into one. */
export const questionnaireId = (def: Pick<InstrumentDefinition, 'code' | 'version'>): string =>
  `${def.code}-${def.version}`.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
export const questionnaireUrl = (code: string): string => `${ACCORD.instrument}:${code}`;

function answerCoding(instrumentCode: string, value: number, label?: string) {
  const la = usesPhqAnswers(instrumentCode) ? PHQ_ANSWERS[value] : undefined;
  return la ? coding(LOINC, la, label) : coding(`${ACCORD.answer}:${instrumentCode}`, String(value), label);
}

function practitioner(p: ExportPerson): FhirResource {
  return { resourceType: 'Practitioner', id: p.id, identifier: [{ system: ACCORD.user, value: p.id }], name: [{ text: p.name }] };
}

function patient(c: ClientExport): FhirResource {
  const { client } = c;
  const telecom = [
    ...(client.contact.email ? [{ system: 'email', value: client.contact.email }] : []),
    ...(client.contact.phone ? [{ system: 'phone', value: client.contact.phone }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: client.id,
    identifier: [{ system: ACCORD.client, value: client.id }],
    active: client.status === 'active',
    name: [{ text: client.name }],
    ...(telecom.length ? { telecom } : {}),
    ...(client.contact.dateOfBirth ? { birthDate: client.contact.dateOfBirth } : {}),
    generalPractitioner: [ref('Practitioner', client.therapistId)],
  };
}

const EPISODE_STATUS = { active: 'active', paused: 'onhold', ended: 'finished' } as const;

function episode(c: ClientExport, k: ClientExport['courses'][number]): FhirResource {
  return {
    resourceType: 'EpisodeOfCare',
    id: k.id,
    status: EPISODE_STATUS[k.status],
    type: [
      concept(ACCORD.frequency, k.frequency),
      concept(ACCORD.phase, k.phase),
      concept(ACCORD.courseStatus, k.status),
      ...(k.endReason ? [concept(ACCORD.endReason, k.endReason)] : []),
    ],
    patient: ref('Patient', c.client.id),
    careManager: ref('Practitioner', k.therapistId),
    period: { start: k.startedOn, ...(k.endedOn ? { end: k.endedOn } : {}) },
  };
}

const ENCOUNTER_STATUS: Record<string, string> = {
  scheduled: 'planned',
  attended: 'finished',
  cancelled_early: 'cancelled',
  cancelled_late: 'cancelled',
  no_show: 'cancelled',
  cancelled_by_therapist: 'cancelled',
  planned_break: 'cancelled',
};

function encounter(c: ClientExport, k: ClientExport['courses'][number], s: ClientExport['courses'][number]['sessions'][number]): FhirResource {
  const end = new Date(Date.parse(s.startsAt) + s.durationMinutes * 60_000).toISOString();
  return {
    resourceType: 'Encounter',
    id: s.id,
    status: ENCOUNTER_STATUS[s.status] ?? 'unknown',
    class: coding(ACT_CODE, 'AMB', 'ambulatory'),
    type: [concept(ACCORD.sessionStatus, s.status)],
    subject: ref('Patient', c.client.id),
    episodeOfCare: [ref('EpisodeOfCare', k.id)],
    participant: [{ individual: ref('Practitioner', k.therapistId) }],
    period: { start: s.startsAt, end },
    length: { value: s.durationMinutes, unit: 'min', system: UCUM, code: 'min' },
  };
}

function questionnaire(def: InstrumentDefinition): FhirResource {
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(def),
    url: questionnaireUrl(def.code),
    version: def.version,
    title: def.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(def.loinc?.panel ? { code: [coding(LOINC, def.loinc.panel, def.title)] } : {}),
    copyright: def.attribution,
    item: def.items.map((it) => {
      const loinc = ITEM_LOINC.get(it.id);
      return {
        linkId: it.id,
        ...(loinc ? { code: [coding(LOINC, loinc)] } : {}),
        text: it.text,
        type: 'choice',
        required: def.scoring.requireAllItems,
        answerOption: it.options.map((o) => ({
          extension: [{ url: ORDINAL_VALUE, valueDecimal: o.value }],
          valueCoding: answerCoding(def.code, o.value, o.label),
        })),
      };
    }),
  };
}

const subjectOf = (clientId: string) => ref('Patient', clientId);

function responseAuthor(r: ResponseView, people: ReadonlyMap<string, ExportPerson>) {
  const who = people.get(r.enteredBy);
  if (who?.kind === 'staff') return ref('Practitioner', who.id);
  return subjectOf(r.clientId);
}

function questionnaireResponse(r: ResponseView, defs: ReadonlyMap<string, InstrumentDefinition>, people: ReadonlyMap<string, ExportPerson>): FhirResource {
  const def = defs.get(`${r.instrumentCode}@${r.instrumentVersion}`);
  const labels = new Map(def?.items.map((it) => [it.id, new Map(it.options.map((o) => [o.value, o.label]))]));
  const items = Object.entries(r.answers)
    .filter((e): e is [string, number] => e[1] !== null)
    .map(([linkId, value]) => ({ linkId, answer: [{ valueCoding: answerCoding(r.instrumentCode, value, labels.get(linkId)?.get(value)) }] }));
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    questionnaire: `${questionnaireUrl(r.instrumentCode)}|${r.instrumentVersion}`,
    // A corrected response stays in the record, marked as replaced by its correction.
    status: r.supersededBy ? 'entered-in-error' : 'completed',
    subject: subjectOf(r.clientId),
    ...(r.sessionId ? { encounter: ref('Encounter', r.sessionId) } : {}),
    authored: r.completedAt,
    author: responseAuthor(r, people),
    source: r.respondent === 'client' ? subjectOf(r.clientId) : responseAuthor(r, people),
    extension: [{ url: ACCORD.responseSource, valueCode: r.source }],
    ...(items.length ? { item: items } : {}),
  };
}

function totalObservation(r: ResponseView, def: InstrumentDefinition | undefined): FhirResource | null {
  if (!r.valid || r.total === null || r.supersededBy) return null;
  const totalCode = def?.loinc?.total;
  const components = Object.entries(r.answers)
    .filter((e): e is [string, number] => e[1] !== null && ITEM_LOINC.has(e[0]))
    .map(([item, value]) => ({ code: concept(LOINC, ITEM_LOINC.get(item)!), valueInteger: value }));
  return {
    resourceType: 'Observation',
    id: `${r.id}-total`.slice(0, 64),
    status: 'final',
    category: [concept(OBSERVATION_CATEGORY, 'survey', 'Survey')],
    code: totalCode
      ? { coding: [coding(LOINC, totalCode, `${r.instrumentTitle} total score`)], text: `${r.instrumentTitle} total` }
      : { coding: [coding(ACCORD.instrument, r.instrumentCode)], text: `${r.instrumentTitle} total` },
    subject: subjectOf(r.clientId),
    ...(r.sessionId ? { encounter: ref('Encounter', r.sessionId) } : {}),
    effectiveDateTime: r.completedAt,
    ...(Number.isInteger(r.total) ? { valueInteger: r.total } : { valueQuantity: { value: r.total } }),
    ...(r.band ? { interpretation: [{ text: r.band.label }] } : {}),
    derivedFrom: [ref('QuestionnaireResponse', r.id)],
    ...(components.length ? { component: components } : {}),
  };
}

const LIFECYCLE = { proposed: 'proposed', agreed: 'active', achieved: 'completed', revised: 'cancelled', dropped: 'cancelled' } as const;
const ACHIEVEMENT: Partial<Record<GoalView['state'], string>> = { agreed: 'in-progress', achieved: 'achieved', dropped: 'not-achieved' };

function goal(c: ClientExport, k: ClientExport['courses'][number], g: GoalView): FhirResource {
  const achievement = ACHIEVEMENT[g.state];
  const notes = [
    ...(g.agreement ? [{ time: g.agreement.at, text: `Agreed by the ${g.agreement.by}: ${g.agreement.words}` }] : []),
    ...(g.closure?.note ? [{ time: g.closure.at, text: g.closure.note }] : []),
  ];
  const sub = (url: string, value: Record<string, unknown>) => ({ url, ...value });
  const extension = [
    { url: ACCORD.goalCourse, valueReference: ref('EpisodeOfCare', k.id) },
    { url: ACCORD.goalProposedAt, valueDateTime: g.proposedAt },
    ...(g.agreement
      ? [
          {
            url: ACCORD.goalAgreement,
            extension: [
              sub('by', { valueCode: g.agreement.by }),
              sub('recordedBy', { valueCode: g.agreement.recordedBy }),
              sub('at', { valueDateTime: g.agreement.at }),
              sub('words', { valueString: g.agreement.words }),
            ],
          },
        ]
      : []),
    ...(g.closure
      ? [
          {
            url: ACCORD.goalClosure,
            extension: [
              sub('state', { valueCode: g.closure.state }),
              sub('at', { valueDateTime: g.closure.at }),
              sub('by', { valueCode: g.closure.by }),
              ...(g.closure.note !== undefined ? [sub('note', { valueString: g.closure.note })] : []),
            ],
          },
        ]
      : []),
    ...(g.gas
      ? [
          {
            url: ACCORD.goalGas,
            extension: [
              sub('weight', { valueDecimal: g.gas.weight }),
              ...Object.entries(g.gas.descriptions ?? {}).map(([level, text]) => sub(`level${level}`, { valueString: text })),
            ],
          },
        ]
      : []),
    ...(g.revisionOf ? [{ url: ACCORD.goalRevisionOf, valueReference: ref('Goal', g.revisionOf) }] : []),
  ];
  return {
    resourceType: 'Goal',
    id: g.id,
    extension,
    lifecycleStatus: LIFECYCLE[g.state],
    ...(achievement ? { achievementStatus: concept(GOAL_ACHIEVEMENT, achievement) } : {}),
    category: [concept(ACCORD.goalFocus, g.focus, g.focusLabel), concept(ACCORD.goalState, g.state), concept(ACCORD.goalAuthor, g.author)],
    description: { text: g.text },
    subject: subjectOf(c.client.id),
    startDate: g.proposedAt.slice(0, 10),
    ...(g.closure ? { statusDate: g.closure.at.slice(0, 10) } : g.agreement ? { statusDate: g.agreement.at.slice(0, 10) } : {}),
    expressedBy: g.author === 'client' ? subjectOf(c.client.id) : ref('Practitioner', k.therapistId),
    ...(notes.length ? { note: notes } : {}),
  };
}

function goalRatings(c: ClientExport, g: GoalView): FhirResource[] {
  const progress = g.ratings.map((r, i) => ({
    resourceType: 'Observation',
    id: `${g.id}-p${i + 1}`.slice(0, 64),
    status: 'final',
    code: concept(ACCORD.goalRating, 'progress', 'Progress toward the goal (0–10)'),
    subject: subjectOf(c.client.id),
    focus: [ref('Goal', g.id)],
    effectiveDateTime: r.at,
    valueInteger: r.value,
    performer: [r.recordedBy === 'client' ? subjectOf(c.client.id) : ref('Practitioner', c.client.therapistId)],
  }));
  const gas = (g.gas?.attainments ?? []).map((a, i) => ({
    resourceType: 'Observation',
    id: `${g.id}-g${i + 1}`.slice(0, 64),
    status: 'final',
    code: concept(ACCORD.goalRating, 'gas', 'Goal attainment (GAS level −2…+2)'),
    subject: subjectOf(c.client.id),
    focus: [ref('Goal', g.id)],
    effectiveDateTime: a.at,
    valueInteger: a.level,
  }));
  return [...progress, ...gas];
}

/** The audit trail's action names to FHIR's coarse C/R/U/D/E. */
function auditAction(action: string): 'C' | 'R' | 'U' | 'D' | 'E' {
  const verb = action.split(/[:.]/).pop() ?? action;
  if (/^(read|list|index|report|access-report|export|client|caseload|inbox)$/.test(verb)) return 'R';
  if (/^(create|submit|propose|write|invite|answer)$/.test(verb)) return 'C';
  if (/^(update|assign|reassign|sign|share|amend|edit)$/.test(verb)) return 'U';
  if (/^(delete|erase|erasure)$/.test(verb)) return 'D';
  return 'E';
}
const AUDIT_OUTCOME = { ok: '0', denied: '4', failed: '8' } as const;

function auditEvent(e: AuditEvent, people: ReadonlyMap<string, ExportPerson>, clientsInBundle: ReadonlySet<string>): FhirResource {
  const actor = e.actorId ? people.get(e.actorId) : undefined;
  const who =
    actor?.kind === 'staff'
      ? { ...ref('Practitioner', actor.id), display: actor.name }
      : actor?.clientId && clientsInBundle.has(actor.clientId)
        ? { ...ref('Patient', actor.clientId), display: actor.name }
        : { display: actor?.name || (e.actorId ? 'a former user' : 'Accord') };
  return {
    resourceType: 'AuditEvent',
    id: e.id,
    type: coding(DICOM, '110110', 'Patient Record'),
    subtype: [coding(ACCORD.auditAction, e.action)],
    action: auditAction(e.action),
    recorded: e.at,
    outcome: AUDIT_OUTCOME[e.outcome],
    ...(e.outcome !== 'ok' && e.detail ? { outcomeDesc: e.detail } : {}),
    agent: [{ who, requestor: true, ...(e.ip ? { network: { address: e.ip, type: '2' } } : {}) }],
    source: { observer: { display: 'Accord' } },
    entity: [{ what: e.clientId && clientsInBundle.has(e.clientId) ? ref('Patient', e.clientId) : { display: e.resourceType }, type: coding(DICOM, '110110') }],
  };
}

/** The export as one Bundle. `id` names the bundle (a fresh id from the caller). */
export function toFhirBundle(x: PracticeExport, id: string): FhirBundle {
  const people = new Map(x.people.map((p) => [p.id, p]));
  const defs = new Map(x.instruments.map((d) => [`${d.code}@${d.version}`, d]));
  const clientsInBundle = new Set(x.clients.map((c) => c.client.id));
  const resources: FhirResource[] = [];
  for (const p of x.people) if (p.kind === 'staff') resources.push(practitioner(p));
  for (const d of x.instruments) resources.push(questionnaire(d));
  for (const c of x.clients) {
    resources.push(patient(c));
    for (const k of c.courses) {
      resources.push(episode(c, k));
      for (const s of k.sessions) resources.push(encounter(c, k, s));
      for (const g of k.goals) resources.push(goal(c, k, g), ...goalRatings(c, g));
    }
    for (const r of c.responses) {
      resources.push(questionnaireResponse(r, defs, people));
      const obs = totalObservation(r, defs.get(`${r.instrumentCode}@${r.instrumentVersion}`));
      if (obs) resources.push(obs);
    }
    for (const e of c.audit) resources.push(auditEvent(e, people, clientsInBundle));
  }
  return {
    resourceType: 'Bundle',
    id,
    type: 'collection',
    timestamp: x.generatedAt,
    entry: resources.map((resource) => ({ fullUrl: `${FULL_URL_BASE}/${resource.resourceType}/${resource.id}`, resource })),
  };
}
