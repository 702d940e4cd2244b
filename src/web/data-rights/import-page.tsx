/**
 * Importing records (SPEC §3 C10): the therapist chooses a file — a FHIR R4 export of another
 * system or another Accord, or Accord's course layout — checks it first (a dry run that lists every
 * problem by line or resource and what would be written), then imports it. Nothing is written when
 * the file has any problem. With a client, the file's PHQ-9 and GAD-7 answers go into that client.
 */
import { useId, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { DoneNote, ErrorNote } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { FormProblem, useSubmit } from '../use-submit.ts';
import type { ImportResult } from './api.ts';
import { rightsApi } from './api.ts';
import './record.css';

type Problem = { where: string; message: string };

function Problems({ problems }: { problems: readonly Problem[] }) {
  if (!problems.length) return null;
  return (
    <table className="record-table" aria-label="Problems in the file">
      <caption>
        {problems.length} problem{problems.length === 1 ? '' : 's'}: nothing is written until the file has none
      </caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.where}</td>
            <td>{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImportPage({ clientId }: { clientId?: string }) {
  // The client answers are imported for, named in the breadcrumb.
  const client = useResource(() => (clientId ? api.client(clientId) : Promise.resolve(null)), [clientId]);
  const fileId = useId();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, run } = useSubmit();
  const go = (dryRun: boolean) =>
    void run(async () => {
      if (text === null) throw new FormProblem('Choose a file first.');
      setDone(null);
      try {
        const r = await rightsApi.importFile(text, dryRun, clientId);
        setResult(r);
        setProblems(r.problems);
        if (!dryRun) setDone(`Imported: ${r.counts.clients} clients, ${r.counts.responses} answers, ${r.counts.goals} goals.`);
      } catch (e) {
        const listed = e instanceof ApiError ? (e.details as { problems?: Problem[] } | undefined)?.problems : undefined;
        if (!listed) throw e;
        setProblems(listed);
        throw new FormProblem('Nothing was imported: the file has problems (listed below).');
      }
    });
  const c = result?.counts;
  return (
    <>
      {clientId ? (
        <ClientBreadcrumb clientId={clientId} name={client.data?.name} here="Import" />
      ) : (
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link to="/clients">Caseload</Link> <span aria-hidden="true">›</span> Import
        </nav>
      )}
      <PageHeading title={clientId ? 'Import answers' : 'Import records'} />
      <p className="lead">
        {clientId
          ? 'PHQ-9 and GAD-7 answers from another system (FHIR QuestionnaireResponse, one or a Bundle). Each goes into the course that spans its date.'
          : 'Whole records from another system or another Accord: a FHIR R4 Bundle, or Accord’s course layout (see the interoperability guide). The clients become yours.'}{' '}
        Check the file first: nothing is written while it has a problem.
      </p>
      <ErrorNote message={error} />
      <DoneNote message={done} />
      <form onSubmit={(e) => e.preventDefault()} aria-label="Import a file">
        <div className="field">
          <label htmlFor={fileId}>File (JSON)</label>
          <input
            id={fileId}
            type="file"
            accept=".json,application/json,application/fhir+json"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setResult(null);
              setProblems([]);
              setDone(null);
              if (!f) return setText(null);
              setFileName(f.name);
              void f.text().then(setText);
            }}
          />
        </div>
        <p className="record-links">
          <button type="button" className="button" disabled={busy || text === null} onClick={() => go(true)}>
            Check the file
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || text === null || !result || result.problems.length > 0 || !result.dryRun}
            onClick={() => go(false)}
          >
            Import
          </button>
        </p>
      </form>
      {result && c ? (
        <section aria-label="What the file holds">
          <h2>{result.dryRun ? `What ${fileName} would add` : 'What was added'}</h2>
          <p>
            {c.clients} clients, {c.courses} courses, {c.sessions} sessions, {c.responses} answers, {c.goals} goals; {c.duplicates} duplicates skipped.
            {result.dryRun && !result.problems.length ? ' No problems: it can be imported.' : ''}
          </p>
          {result.notes.length ? (
            <ul>
              {result.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <Problems problems={problems} />
    </>
  );
}
