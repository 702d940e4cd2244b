/** The therapist's downloads of one client's record (FHIR R4 and the CSV tables), on the client page. */
import { Link } from '../router.tsx';
import { rightsApi } from './api.ts';
import type { CsvTable } from './api.ts';

const TABLES: readonly [CsvTable, string][] = [
  ['sessions', 'Sessions (CSV)'],
  ['scores', 'Scores (CSV)'],
  ['outcomes', 'Outcomes (CSV)'],
];

export function ExportLinks({ clientId, name }: { clientId: string; name: string }) {
  return (
    <details className="export-links">
      <summary className="button secondary">Export &amp; import</summary>
      <ul aria-label={`Exports of ${name}’s record`}>
        <li>
          <a href={rightsApi.fhirUrl(clientId)} download>
            Whole record (FHIR R4 JSON)
          </a>
        </li>
        <li>
          <Link to={`/clients/${clientId}/import`}>Import answers…</Link>
        </li>
        {TABLES.map(([t, label]) => (
          <li key={t}>
            <a href={rightsApi.csvUrl(clientId, t)} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
