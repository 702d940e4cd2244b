import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/** The first page after loading keeps the browser's own focus start (so the skip link comes first). */
let firstPage = true;

/**
 * The page's one h1. Sets the document title and, after an in-app navigation, takes focus, so
 * screen reader and keyboard users start at the new page's heading.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Accord`;
    if (firstPage) firstPage = false;
    else ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
