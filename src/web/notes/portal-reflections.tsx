/**
 * The portal's "Reflect on your sessions" section (SPEC §3 C6): the client's latest sessions that
 * took place, each leading to its reflection page (write it, or read it beside the therapist's
 * shared note once both are written).
 */
import type { ReactNode } from 'react';
import { formatLongDateTime } from '../dates.ts';
import { Link } from '../router.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';

const SHOWN = 3;

const reflectable = (ctx: PortalContext) =>
  (ctx.current?.sessions ?? [])
    .filter((s) => s.status === 'attended' && new Date(s.startsAt) <= ctx.now)
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
    .slice(0, SHOWN);

function Reflections({ ctx }: { ctx: PortalContext }): ReactNode {
  return (
    <>
      <p>After a session, note what stood out, what you take away and what was left unsaid. You choose whether your therapist reads it.</p>
      <ul className="portal-list">
        {reflectable(ctx).map((s) => (
          <li key={s.id}>
            <span className="portal-when">{formatLongDateTime(s.startsAt, ctx.timeZone)}</span>
            <Link
              className="button secondary small"
              to={`/portal/sessions/${s.id}`}
              aria-label={`Reflect on the session of ${formatLongDateTime(s.startsAt, ctx.timeZone)}`}
            >
              Reflect
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export const reflectionsSection: PortalSection = {
  id: 'reflections',
  title: 'Reflect on your sessions',
  shows: (ctx) => reflectable(ctx).length > 0,
  Component: Reflections,
};
