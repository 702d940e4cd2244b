/** The portal's sections, in the order the client sees them. New capabilities add theirs here. */
import { courseSection } from './course-section.tsx';
import { pastSection, upcomingSection } from './sessions-section.tsx';
import type { PortalSection } from './section.ts';
import { measuresDueSection, progressSection } from '../measures/portal-measures.tsx';
import { agreementSection, expectationsSection } from '../alliance/portal-alliance.tsx';
import { reflectionsSection } from '../notes/portal-reflections.tsx';
import { endingSection } from '../ending/portal-ending.tsx';
import { recordSection } from '../data-rights/portal-record.tsx';
import { skillsSection } from '../skills/portal-skills.tsx';

// The next appointment first (one line), then what is due, then the rest.
export const PORTAL_SECTIONS: readonly PortalSection[] = [
  upcomingSection,
  measuresDueSection,
  endingSection,
  agreementSection,
  expectationsSection,
  reflectionsSection,
  skillsSection,
  courseSection,
  progressSection,
  pastSection,
  recordSection,
];
