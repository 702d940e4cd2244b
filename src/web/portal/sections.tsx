/** The portal's sections, in the order the client sees them. New capabilities add theirs here. */
import { courseSection } from './course-section.tsx';
import { pastSection, upcomingSection } from './sessions-section.tsx';
import type { PortalSection } from './section.ts';

export const PORTAL_SECTIONS: readonly PortalSection[] = [courseSection, upcomingSection, pastSection];
