import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { AuditTable } from '../components/audit-table.tsx';
import { SelectField, TextField } from '../components/field.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSettled } from '../use-paged.ts';

const PAGE = 50;
/** How many clients a name search offers to filter by. */
const MATCHES = 20;
/** `clientName`: how the chosen client is shown (the filter itself is by id). */
type Filter = { actorId: string; clientId: string; clientName: string };
const NO_FILTER: Filter = { actorId: '', clientId: '', clientName: '' };

/** The practice's audit trail, newest first, paged backwards with `before`. */
export function AdminAuditPage() {
  const timeZone = usePracticeZone();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [draft, setDraft] = useState<Filter>(filter);
  // The client is found by name (the practice's client list, searched by the server) and filtered by id.
  const [search, setSearch] = useState('');
  const settled = useSettled(search.trim());
  const q = /[\p{L}\p{N}]/u.test(settled) ? settled : '';
  const matches = useResource(() => (q ? api.caseloadPage({ q, limit: MATCHES }) : Promise.resolve(null)), [q]);
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
  /** Shows only one client's entries (the name in a row of the table). */
  const onlyClient = (clientId: string, clientName: string) => {
    const next = { ...filter, clientId, clientName };
    setPages([]);
    setDraft(next);
    setFilter(next);
  };
  const clearClient = () => {
    const next = { ...filter, clientId: '', clientName: '' };
    setPages([]);
    setDraft(next);
    setFilter(next);
    setSearch('');
  };
  const found = matches.data?.items ?? [];
  const clientOptions = [
    { value: '', label: q ? (found.length ? `Any client (${found.length}${matches.data?.next ? '+' : ''} found)` : 'No client has that name') : 'Any client' },
    // The chosen client stays offered while the search changes.
    ...(draft.clientId && !found.some((c) => c.id === draft.clientId) ? [{ value: draft.clientId, label: draft.clientName || draft.clientId }] : []),
    ...found.map((c) => ({ value: c.id, label: `${c.name} (${c.therapistName})` })),
  ];
  const last = rows.data?.[rows.data.length - 1];
  const actors = [{ value: '', label: 'Everyone' }, ...(staff.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))];

  return (
    <>
      <PageHeading title="Audit log" />
      <p className="lead">Every sign-in, every read of a client record and every change, in a tamper-evident chain. Opening this page is itself recorded.</p>
      <form className="form-row card" onSubmit={apply} aria-label="Filter the audit log">
        <SelectField label="Who" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} options={actors} />
        <TextField
          label="Find a client"
          hint="Type part of a name, then choose the client under Client."
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          label="Client"
          value={draft.clientId}
          onChange={(e) => {
            // The name alone, as a row's name gives it (the option's label also names the therapist).
            const chosen = found.find((c) => c.id === e.target.value)?.name ?? clientOptions.find((o) => o.value === e.target.value)?.label;
            setDraft({ ...draft, clientId: e.target.value, clientName: e.target.value ? (chosen ?? '') : '' });
          }}
          options={clientOptions}
        />
        <button type="submit" className="button secondary">
          Apply filter
        </button>
      </form>
      <ErrorNote message={matches.error} />
      {filter.clientId ? (
        <p>
          Showing only the entries about <strong>{filter.clientName || filter.clientId}</strong>.{' '}
          <button type="button" className="button link-like" onClick={clearClient}>
            Show every client
          </button>
        </p>
      ) : null}
      <ErrorNote message={rows.error} />
      {rows.data && !rows.loading ? (
        <AuditTable
          rows={rows.data}
          timeZone={timeZone}
          caption={pages.length === 0 ? 'Newest entries' : `Older entries, page ${pages.length + 1}`}
          onClient={filter.clientId ? undefined : onlyClient}
        />
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
