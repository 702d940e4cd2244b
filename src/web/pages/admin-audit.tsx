import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { AuditTable } from '../components/audit-table.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';

const PAGE = 50;
type Filter = { actorId: string; clientId: string };

/** The practice's audit trail, newest first, paged backwards with `before`. */
export function AdminAuditPage() {
  const timeZone = usePracticeZone();
  const [filter, setFilter] = useState<Filter>({ actorId: '', clientId: '' });
  const [draft, setDraft] = useState<Filter>(filter);
  const [pages, setPages] = useState<number[]>([]); // the `before` of each page opened; [] = newest
  const before = pages[pages.length - 1];
  const staff = useResource(() => api.staff(), []);
  const rows = useResource(
    () => api.audit({ limit: PAGE, before, actorId: filter.actorId || undefined, clientId: filter.clientId.trim() || undefined }),
    [before, filter],
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setPages([]);
    setFilter(draft);
  };
  const last = rows.data?.[rows.data.length - 1];
  const actors = [{ value: '', label: 'Everyone' }, ...(staff.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))];

  return (
    <>
      <PageHeading title="Audit log" />
      <p className="lead">Every sign-in, every read of a client record and every change, in a tamper-evident chain. Opening this page is itself recorded.</p>
      <form className="form-row card" onSubmit={apply} aria-label="Filter the audit log">
        <SelectField label="Who" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} options={actors} />
        <TextField label="Client id" value={draft.clientId} onChange={(e) => setDraft({ ...draft, clientId: e.target.value })} spellCheck={false} />
        <button type="submit" className="button secondary">
          Apply filter
        </button>
      </form>
      <ErrorNote message={rows.error} />
      {rows.data && !rows.loading ? (
        <AuditTable rows={rows.data} timeZone={timeZone} caption={pages.length === 0 ? 'Newest entries' : `Older entries, page ${pages.length + 1}`} />
      ) : (
        <Loading />
      )}
      <nav className="pager" aria-label="Audit log pages">
        <button type="button" className="button secondary" disabled={pages.length === 0} onClick={() => setPages([])}>
          Newest
        </button>
        <button type="button" className="button secondary" disabled={pages.length === 0} onClick={() => setPages((p) => p.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={!last || (rows.data?.length ?? 0) < PAGE}
          onClick={() => last && setPages((p) => [...p, last.seq])}
        >
          Older
        </button>
      </nav>
    </>
  );
}
