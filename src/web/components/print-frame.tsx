/**
 * A page as it prints (issue 13; first made for the ending report, SPEC §3 C6): a header on every
 * printed page — client, practice, the date printed and "Confidential" — in a table header, which
 * Chromium repeats on each page; page numbers in the page margin (styles.css `@page`); and values
 * only, since forms and buttons do not print. `header: 'print'` shows the header on paper only.
 */
import type { ReactNode } from 'react';
import { formatDay } from '../dates.ts';
import { usePracticeZone, useSession } from '../session.tsx';

export function PrintFrame({ clientName, header = 'print', children }: { clientName: string; header?: 'print' | 'always'; children: ReactNode }) {
  const session = useSession();
  const timeZone = usePracticeZone();
  return (
    <table className="print-frame" role="presentation">
      <thead className={header === 'print' ? 'print-only' : undefined}>
        <tr>
          <td>
            <div className="print-header">
              <span>
                <strong>{clientName}</strong>
                {session.practice ? ` · ${session.practice.name}` : ''}
              </span>
              <span>Printed {formatDay(new Date().toISOString(), timeZone)}</span>
              <strong className="confidential">Confidential</strong>
            </div>
          </td>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{children}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** The Print button where printing is expected; it does not print itself. */
export function PrintButton({ label = 'Print' }: { label?: string }) {
  return (
    <button type="button" className="button secondary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
