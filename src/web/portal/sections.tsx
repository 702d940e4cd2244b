/** The portal's sections, in the order the client sees them. New capabilities add theirs here. */
import { courseSection } from './course-section.tsx';
import { pastSection, upcomingSection } from './sessions-section.tsx';
import type { PortalSection } from './section.ts';
import { agreementSection, expectationsSection } from '../alliance/portal-alliance.tsx';

export const PORTAL_SECTIONS: readonly PortalSection[] = [agreementSection, expectationsSection, courseSection, upcomingSection, pastSection];
