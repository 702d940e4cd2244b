/**
 * Messages for the user. Errors use role="alert" (read out at once); confirmations use a polite
 * status region. Both carry a word ("Error", "Done") as well as colour.
 */
import type { ReactNode } from 'react';

export function ErrorNote({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>Problem: </strong>
      {message}
    </div>
  );
}

export function DoneNote({ message }: { message: string | null | undefined }) {
  return (
    <div role="status" className={message ? 'notice notice-done' : 'visually-hidden'}>
      {message ? (
        <>
          <strong>Done: </strong>
          {message}
        </>
      ) : null}
    </div>
  );
}

export function InfoNote({ children }: { children: ReactNode }) {
  return <div className="notice notice-info">{children}</div>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}
