/**
 * The two accounts of one session side by side (SPEC §3 C6), once the pair has opened: the
 * therapist's signed note (with its addenda) and the client's reflection, with the words and
 * phrases both mention marked in both — the explanation is the marked words themselves, listed
 * above the columns with how each side put them; there is no score. Before it opens, a short
 * sealed notice says why and until when.
 */
import type { ReactNode } from 'react';
import { REFLECTION_FIELDS, REFLECTION_QUESTIONS } from '../../domain/notes/reflection.ts';
import { formatDay, formatLongDateTime } from '../dates.ts';
import type { SessionNotes } from './api.ts';

type Mark = { start: number; end: number; theme: string };

/** A text with its marked spans; the rest as written (line breaks kept by CSS). */
export function MarkedText({ text, marks }: { text: string; marks: readonly Mark[] }): ReactNode {
  const out: ReactNode[] = [];
  let at = 0;
  for (const [i, m] of [...marks].sort((a, b) => a.start - b.start).entries()) {
    if (m.start < at) continue;
    if (m.start > at) out.push(text.slice(at, m.start));
    out.push(
      <mark key={i} className="theme-mark" title={`Both mention “${m.theme}”`}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}

const titles = (viewer: SessionNotes['viewer']) =>
  viewer === 'client'
    ? { note: 'Your therapist’s note', reflection: 'Your reflection' }
    : viewer === 'therapist'
      ? { note: 'Your note', reflection: 'The client’s reflection' }
      : { note: 'The therapist’s note', reflection: 'The client’s reflection' };

/** The sealed notice: who has written, and when the pair opens by itself. */
export function SealedNotice({ view, timeZone }: { view: SessionNotes; timeZone: string }): ReactNode {
  if (view.pair.open) return null;
  const other = view.viewer === 'client' ? 'Your therapist' : 'The client';
  const mine = view.viewer === 'client' ? 'you write your reflection' : view.viewer === 'therapist' ? 'you sign your note' : 'the therapist signs their note';
  return (
    <div className="sealed-note" role="status">
      <p>
        <strong>Sealed.</strong> Neither of you sees the other’s account of this session until both are written, or until{' '}
        <time dateTime={view.pair.opensAt}>{formatLongDateTime(view.pair.opensAt, timeZone)}</time>.
      </p>
      <p>{view.pair.otherWritten ? `${other} has written theirs: it opens here once ${mine}.` : `${other} has not written theirs yet.`}</p>
    </div>
  );
}

/** The two accounts side by side, with the themes both mention. */
export function SideBySide({ view, timeZone }: { view: SessionNotes; timeZone: string }): ReactNode {
  const { note, reflection, themes } = view;
  if (!view.pair.open || !note?.signedAt || !reflection) return null;
  const t = titles(view.viewer);
  return (
    <section className="pair card" aria-labelledby="pair-title">
      <h2 id="pair-title">Side by side</h2>
      {themes && themes.list.length > 0 ? (
        <div className="pair-themes">
          <p>Both of you mention — the marked words below:</p>
          <ul>
            {themes.list.map((th) => (
              <li key={th.key}>
                <mark className="theme-mark">{th.key}</mark>{' '}
                <span className="muted">
                  note: “{th.leftWords.join('”, “')}” · reflection: “{th.rightWords.join('”, “')}”
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">The two accounts share no theme words: each of you put the session in your own terms.</p>
      )}
      <div className="pair-columns">
        <article className="pair-col" aria-label={t.note}>
          <h3>{t.note}</h3>
          <p className="pair-meta">
            Signed {formatDay(note.signedAt, timeZone)}
            {note.signedByName ? ` by ${note.signedByName}` : ''}
          </p>
          <p className="pair-text">
            <MarkedText text={note.text} marks={themes?.note[0] ?? []} />
          </p>
          {note.addenda.map((a, i) => (
            <div key={a.id} className="pair-addendum">
              <p className="pair-meta">Addendum, {formatDay(a.writtenAt, timeZone)}</p>
              <p className="pair-text">
                <MarkedText text={a.text} marks={themes?.note[i + 1] ?? []} />
              </p>
            </div>
          ))}
        </article>
        <article className="pair-col" aria-label={t.reflection}>
          <h3>{t.reflection}</h3>
          <p className="pair-meta">Written {formatDay(reflection.writtenAt, timeZone)}</p>
          {REFLECTION_FIELDS.map((f, i) =>
            reflection[f] ? (
              <div key={f}>
                <h4>{REFLECTION_QUESTIONS[f]}</h4>
                <p className="pair-text">
                  <MarkedText text={reflection[f]} marks={themes?.reflection[i] ?? []} />
                </p>
              </div>
            ) : null,
          )}
        </article>
      </div>
    </section>
  );
}
