/**
 * The code systems and codes Accord's FHIR R4 resources use (docs/interoperability.md lists them).
 * LOINC where a code exists — the PHQ-9 and GAD-7 panels, totals, items and their answer list —
 * and Accord's own `urn:accord:*` systems for what LOINC and HL7 have no code for (a course's
 * frequency and phase, a session's status, a goal's focus), so an import reads back exactly what
 * was exported.
 */
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

/** Accord's own systems. */
export const ACCORD = {
  client: 'urn:accord:client',
  user: 'urn:accord:user',
  instrument: 'urn:accord:instrument',
  answer: 'urn:accord:answer',
  frequency: 'urn:accord:course-frequency',
  phase: 'urn:accord:course-phase',
  courseStatus: 'urn:accord:course-status',
  endReason: 'urn:accord:course-end-reason',
  sessionStatus: 'urn:accord:session-status',
  goalFocus: 'urn:accord:goal-focus',
  goalState: 'urn:accord:goal-state',
  goalAuthor: 'urn:accord:goal-author',
  goalRating: 'urn:accord:goal-rating',
  responseSource: 'urn:accord:response-source',
  auditAction: 'urn:accord:audit-action',
  /** Extension: the course (EpisodeOfCare) a goal belongs to; FHIR R4's Goal has no such element. */
  goalCourse: 'urn:accord:extension:goal-course',
  /** Extensions carrying what Goal's own elements hold only as dates or not at all, so an import reads the goal back exactly. */
  goalProposedAt: 'urn:accord:extension:goal-proposed-at',
  goalAgreement: 'urn:accord:extension:goal-agreement',
  goalClosure: 'urn:accord:extension:goal-closure',
  goalGas: 'urn:accord:extension:goal-gas',
  goalRevisionOf: 'urn:accord:extension:goal-revision-of',
} as const;

/** Where the bundle's fullUrls live: a reserved, never-resolving host (RFC 2606), so no reader fetches them. */
export const FULL_URL_BASE = 'https://accord.invalid/fhir';

/** LOINC codes of the PHQ-9 items (panel 44249-1), in item order. */
const PHQ9_ITEMS = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
/** LOINC codes of the GAD-7 items (panel 69737-5), in item order. */
const GAD7_ITEMS = ['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7'];

/** Item id → LOINC item code, for the instruments whose items have one. */
export const ITEM_LOINC: ReadonlyMap<string, string> = new Map([
  ...PHQ9_ITEMS.map((code, i) => [`phq9_${i + 1}`, code] as const),
  ...GAD7_ITEMS.map((code, i) => [`gad7_${i + 1}`, code] as const),
]);
export const LOINC_ITEM: ReadonlyMap<string, string> = new Map([...ITEM_LOINC].map(([item, code]) => [code, item]));

/** The LOINC answer list LL358-3 (PHQ-9 and GAD-7 items): answer value → LA code. */
export const PHQ_ANSWERS: readonly string[] = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
export const usesPhqAnswers = (instrumentCode: string): boolean => instrumentCode === 'phq9' || instrumentCode === 'gad7';
