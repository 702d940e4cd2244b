import type { AuditRow } from '../api.ts';
import { formatTimestamp } from '../dates.ts';
import { ScrollBox } from './scroll-box.tsx';

/**
 * Audit events as a table: when (practice time), who, what, about which client (their name when the
 * rows carry it, and the id the log can be filtered by), and how it went.
 */
export function AuditTable({
  rows,
  timeZone,
  caption,
  showClient = true,
  onClient,
}: {
  rows: AuditRow[];
  timeZone: string;
  caption: string;
  showClient?: boolean;
  /** Given: a named client is a button that shows only that client's entries. */
  onClient?: ((clientId: string, clientName: string) => void) | undefined;
}) {
  if (rows.length === 0) return <p>No entries.</p>;
  return (
    <ScrollBox label={caption}>
      <table className="audit">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time ({timeZone.replace(/_/g, ' ')})</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            {showClient ? <th scope="col">Client</th> : null}
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq}>
              <td className="nowrap">
                <time dateTime={r.at}>{formatTimestamp(r.at, timeZone)}</time>
              </td>
              <td>{r.actorName ?? (r.actorId ? 'Former user' : 'Nobody signed in')}</td>
              <td>
                <code>{r.action}</code>
                {r.detail ? <span className="muted"> — {r.detail}</span> : null}
              </td>
              {showClient ? (
                <td className="id-cell">
                  {r.clientId ? (
                    <>
                      {r.clientName && onClient ? (
                        <button
                          type="button"
                          className="button link-like audit-client"
                          title={`Show only the entries about ${r.clientName}`}
                          onClick={() => onClient(r.clientId!, r.clientName!)}
                        >
                          {r.clientName}
                        </button>
                      ) : r.clientName ? (
                        <span className="audit-client">{r.clientName}</span>
                      ) : (
                        <span className="muted audit-client">Erased client</span>
                      )}
                      <code>{r.clientId}</code>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              ) : null}
              <td>
                <span className={r.outcome === 'ok' ? 'badge badge-ok' : 'badge badge-warn'}>
                  {r.outcome === 'ok' ? 'Allowed' : r.outcome === 'denied' ? 'Denied' : r.outcome}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
