/**
 * "Your record" in the client's portal (GDPR Art. 15 and 20): the client's own copy of their
 * record — everything in it except their therapist's private process notes — as a page to read or
 * print, and as a FHIR R4 file another service can read. Both are recorded in their access report.
 */
import { Link } from '../router.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';
import { rightsApi } from './api.ts';

function RecordSection({ ctx }: { ctx: PortalContext }) {
  return (
    <>
      <p>You can see everything Accord holds about you, print it, or take it with you to another service.</p>
      <p className="record-links">
        <Link to="/portal/record" className="button">
          Read your record
        </Link>
        <a className="button" href={rightsApi.fhirUrl(ctx.client.id)} download>
          Download it (FHIR file)
        </a>
      </p>
    </>
  );
}

export const recordSection: PortalSection = {
  id: 'record',
  title: 'Your record',
  shows: (ctx) => ctx.client.can['export:client'] === true,
  Component: RecordSection,
};
