/** Words for courses of therapy, shared by the staff pages and the portal. */
import type { CourseStatus, EndReason, Phase } from '../../domain/people.ts';

export const PHASE_LABELS: Readonly<Record<Phase, string>> = { beginning: 'Beginning', middle: 'Middle', termination: 'Ending' };
export const COURSE_STATUS_LABELS: Readonly<Record<CourseStatus, string>> = { active: 'Active', paused: 'Paused', ended: 'Ended' };
export const END_REASON_LABELS: Readonly<Record<EndReason, string>> = { planned: 'Planned ending', unplanned: 'Unplanned ending', drop_out: 'Drop-out' };
