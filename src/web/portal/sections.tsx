/** The portal's sections, in the order the client sees them. New capabilities add theirs here. */
import { courseSection } from './course-section.tsx';
import { pastSection, upcomingSection } from './sessions-section.tsx';
import type { PortalSection } from './section.ts';
import { measuresDueSection, progressSection } from '../measures/portal-measures.tsx';
import { agreementSection, expectationsSection } from '../alliance/portal-alliance.tsx';
import { reflectionsSection } from '../notes/portal-reflections.tsx';
import { endingSection } from '../ending/portal-ending.tsx';
import { skillsSection } from '../skills/portal-skills.tsx';

export const PORTAL_SECTIONS: readonly PortalSection[] = [
  measuresDueSection,
  endingSection,
  agreementSection,
  expectationsSection,
  reflectionsSection,
  skillsSection,
  courseSection,
  upcomingSection,
  progressSection,
  pastSection,
];
