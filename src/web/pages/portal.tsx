import { useMemo } from 'react';
import type { MouseEvent } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { CrisisText } from '../components/crisis-text.tsx';
import { PORTAL_SECTIONS } from '../portal/sections.tsx';
import type { PortalContext } from '../portal/section.ts';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';

function greeting(now: Date, timeZone: string): string {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone }).format(now)) % 24;
  return hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

/**
 * The portal is one long column (on a phone several screens): a row of links under the greeting
 * goes straight to each section. Moving there also moves the keyboard focus, so a screen reader
 * reads on from the section's heading.
 */
function SectionIndex({ sections, crisis }: { sections: readonly { id: string; title: string }[]; crisis: boolean }) {
  const go = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    const heading = document.getElementById(id);
    if (!heading) return;
    e.preventDefault();
    heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  };
  // The first section sits just below the links, so it needs none.
  const links = sections.slice(1).map((s) => ({ id: `portal-${s.id}`, title: s.title }));
  if (crisis) links.push({ id: 'crisis-title', title: 'Urgent help' });
  if (links.length < 4) return null;
  return (
    <nav className="portal-index" aria-label="On this page">
      <ul>
        {links.map((l) => (
          <li key={l.id}>
            <a href={`#${l.id}`} onClick={(e) => go(e, l.id)}>
              {l.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The client's own page: calm, phone-first, only their own therapy. */
export function PortalPage() {
  const session = useSession();
  const timeZone = usePracticeZone();
  const clientId = session.user.clientId;
  const data = useResource(async () => {
    if (!clientId) throw new Error('no client record');
    const [client, courses] = await Promise.all([api.client(clientId), api.courses(clientId)]);
    return { client, courses };
  }, [clientId]);

  const ctx = useMemo<PortalContext | null>(() => {
    if (!data.data) return null;
    const { client, courses } = data.data;
    const sorted = [...courses].sort((a, b) => b.startedOn.localeCompare(a.startedOn));
    const current = sorted.find((c) => c.status !== 'ended') ?? sorted[0];
    return { client, courses, current, timeZone, now: new Date() };
  }, [data.data, timeZone]);

  const title = `${greeting(new Date(), timeZone)}, ${session.user.displayName}`;
  return (
    <div className="portal">
      <PageHeading title={title} />
      {ctx ? (
        <p className="portal-lead">
          Your therapist is <strong>{ctx.client.therapistName}</strong>.
        </p>
      ) : null}
      <ErrorNote message={data.error} />
      {!ctx ? (
        data.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <SectionIndex sections={PORTAL_SECTIONS.filter((s) => s.shows(ctx))} crisis={!!session.practice?.crisisInfo} />
          {PORTAL_SECTIONS.filter((s) => s.shows(ctx)).map((s) => (
            <section key={s.id} className="portal-section" aria-labelledby={`portal-${s.id}`}>
              <h2 id={`portal-${s.id}`}>{s.title}</h2>
              <s.Component ctx={ctx} />
            </section>
          ))}
          {!ctx.current ? <p>Your therapist has not started a course of therapy here yet.</p> : null}
        </>
      )}
      {session.practice?.crisisInfo ? (
        <aside className="portal-section crisis" aria-labelledby="crisis-title">
          <h2 id="crisis-title">If you need help urgently</h2>
          <p className="crisis-info">
            <CrisisText info={session.practice.crisisInfo} />
          </p>
        </aside>
      ) : null}
    </div>
  );
}
