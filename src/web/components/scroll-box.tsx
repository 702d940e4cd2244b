/**
 * A box for what may be wider than the screen (a table, the alliance timeline): it scrolls sideways
 * inside itself, so the page keeps to the screen's width. While its content is wider than the box,
 * the box is a labelled region that takes the keyboard focus, so it can be scrolled with the arrow
 * keys (WCAG 2.1.1; axe's scrollable-region-focusable); while everything fits it is a plain box and
 * adds no stop to the tab order. The region's name is `label` and that it scrolls, so it differs
 * from a section named by the same heading (axe's landmark-unique).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export function ScrollBox({ label, className = 'table-wrap', children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const watch = useRef<ResizeObserver | null>(null);
  const [scrolls, setScrolls] = useState(false);
  // Measured after every render (the content may have changed) and whenever the box or what it holds
  // changes size (the window, a row opened inside a child).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setScrolls(el.scrollWidth > el.clientWidth + 1);
    if (watch.current) for (const child of Array.from(el.children)) watch.current.observe(child);
  });
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setScrolls(el.scrollWidth > el.clientWidth + 1));
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    watch.current = observer;
    return () => {
      observer.disconnect();
      watch.current = null;
    };
  }, []);
  return (
    <div
      ref={box}
      className={className}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? `${label}, scrolls sideways` : undefined}
    >
      {children}
    </div>
  );
}
