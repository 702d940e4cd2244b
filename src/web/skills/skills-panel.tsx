/**
 * Skills and practice of one course on the client page (SPEC §3 C5, C7), for the therapist and the
 * supervisor: the targets with their plans (the three questions), agreement, progress, counts per
 * mode and week, streaks and whether practice has stalled; the Skills checks' priorities; the
 * trackers' streaks against the planned breaks; the Support check over time. The practice log and
 * trackers appear only when the client shares them, and the panel says so when they do not.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { TextField } from '../components/field.tsx';
import { useResource } from '../use-resource.ts';
import { fieldText, FormProblem, useSubmit } from '../use-submit.ts';
import { formatCalendarDate } from '../dates.ts';
import { PRACTICE_MODE_LABELS, PRACTICE_MODES } from '../../domain/skills/practice.ts';
import { SKILLS_LIMITS } from '../../domain/skills/settings.ts';
import type { Skills, Target } from './api.ts';
import { skillsApi } from './api.ts';
import { StreakBars, SupportLine, WeekBars } from './charts.tsx';
import { TargetForm, TargetPlanView } from './target-form.tsx';
import './skills.css';
import { ScrollBox } from '../components/scroll-box.tsx';

const STATUS_WORDS: Readonly<Record<Target['status'], string>> = { proposed: 'proposed', active: 'active', paused: 'paused', done: 'done' };

function TargetRow({ target, skills, set }: { target: Target; skills: Skills; set: (v: Skills) => void }) {
  const { busy, run, error } = useSubmit();
  const p = target.practice;
  const act = (status: Target['status']) => void run(async () => set(await skillsApi.updateTarget(skills.courseId, target.id, { status })));
  return (
    <article className="skills-target" aria-label={`Target: ${target.skillName}`}>
      <h4>
        {target.skillName} <span className="tag">{STATUS_WORDS[target.status]}</span>
        {p?.stalled ? <span className="badge badge-warn">practice stalled</span> : null}
      </h4>
      <TargetPlanView target={target} />
      {target.status === 'proposed' ? (
        <p className="muted">
          Proposed by {target.proposedSide === 'client' ? 'the client' : 'you'} on {formatCalendarDate(target.proposedAt.slice(0, 10), 'short')}
          {target.awaitingMe ? '' : '; waiting for the client to agree.'}
        </p>
      ) : null}
      {p ? (
        <>
          <div className="skills-progress" aria-hidden="true">
            <span style={{ width: `${Math.round(p.progress * 100)}%` }} />
          </div>
          <p>
            {p.counts.total} of {target.targetCount} rehearsals (
            {PRACTICE_MODES.map((m) => `${PRACTICE_MODE_LABELS[m].toLowerCase()} ${p.counts.byMode[m]}`).join(', ')}); went well {p.counts.wentWell}, celebrated{' '}
            {p.counts.celebrated}; streak {p.streak.current} day{p.streak.current === 1 ? '' : 's'} (longest {p.streak.longest})
            {p.lastPractisedOn ? `; last on ${formatCalendarDate(p.lastPractisedOn, 'short')}` : ''}.
          </p>
          <WeekBars target={target} />
        </>
      ) : null}
      <ErrorNote message={error} />
      {skills.can['skills:targets'] ? (
        <div className="button-row">
          {target.awaitingMe ? (
            <button type="button" className="button primary" disabled={busy} onClick={() => act('active')}>
              Agree to this target
            </button>
          ) : null}
          {target.status === 'active' ? (
            <button type="button" className="button secondary" disabled={busy} onClick={() => act('paused')}>
              Pause
            </button>
          ) : null}
          {target.status === 'paused' ? (
            <button type="button" className="button secondary" disabled={busy} onClick={() => act('active')}>
              Resume
            </button>
          ) : null}
          {target.status !== 'done' ? (
            <button type="button" className="button secondary" disabled={busy} onClick={() => act('done')}>
              Mark done
            </button>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

const OUTCOME_WORDS = { went_well: 'went well', mixed: 'mixed', hard: 'hard' } as const;

/** The latest practice entries in the client's words (shared practice only reaches this panel). */
function RecentPractice({ skills }: { skills: Skills }) {
  const names = new Map(skills.targets.map((t) => [t.id, t.skillName]));
  return (
    <ScrollBox label="Recent practice">
      <table>
        <caption>Recent practice</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Skill</th>
            <th scope="col">How</th>
            <th scope="col">Situation and what they did</th>
            <th scope="col">How it went</th>
          </tr>
        </thead>
        <tbody>
          {skills.practice!.slice(0, 10).map((p) => (
            <tr key={p.id}>
              <td className="nowrap">{formatCalendarDate(p.practisedOn, 'short')}</td>
              <td>{names.get(p.targetId) ?? ''}</td>
              <td>{PRACTICE_MODE_LABELS[p.mode]}</td>
              <td>{[p.situation, p.did, p.howItWent].filter(Boolean).join(' — ') || '—'}</td>
              <td>
                {OUTCOME_WORDS[p.outcome]}
                {p.celebrated ? ', celebrated' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function BreakForm({ courseId, set }: { courseId: string; set: (v: Skills) => void }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const startsOn = fieldText(f, 'startsOn');
    const endsOn = fieldText(f, 'endsOn');
    if (!startsOn || !endsOn) throw new FormProblem('Give the first and the last day of the break.');
    set(await skillsApi.addBreak(courseId, startsOn, endsOn, fieldText(f, 'label')));
  });
  return (
    <form aria-label="Planned break" className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <TextField label="Break from" name="startsOn" type="date" />
      <TextField label="Until" name="endsOn" type="date" />
      <TextField label="What (optional)" name="label" maxLength={SKILLS_LIMITS.breakLabelChars} />
      <button type="submit" className="button secondary" disabled={busy}>
        Add the planned break
      </button>
    </form>
  );
}

export function SkillsPanel({ courseId }: { courseId: string }) {
  const res = useResource(() => skillsApi.get(courseId), [courseId]);
  const [view, setView] = useState<Skills | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const skills = view ?? res.data;
  if (!skills) return res.error ? <ErrorNote message={res.error} /> : <Loading />;
  const set = (v: Skills) => {
    setView(v);
    setDone(null);
  };
  const latest = skills.checks.at(-1);
  return (
    <section className="card skills-panel" aria-label="Skills and practice">
      <h3>Skills and practice</h3>
      <DoneNote message={done} />
      {!skills.visible ? (
        <InfoNote>
          The client has not shared their practice log and trackers. You see the targets you agreed, the Skills and Support checks, and your planned breaks.
        </InfoNote>
      ) : (
        <p className="muted">The client shares their practice log and trackers with you.</p>
      )}
      {latest ? (
        <p>
          Skills check of {formatCalendarDate(latest.answeredAt.slice(0, 10), 'short')} — priorities (help × (4 − skilled)):{' '}
          {latest.ranked
            .slice(0, 5)
            .map((r) => `${r.name} ${r.priority}`)
            .join('; ')}
        </p>
      ) : (
        <p className="muted">No Skills check yet: the client answers it in their portal.</p>
      )}
      {skills.targets.map((t) => (
        <TargetRow key={t.id} target={t} skills={skills} set={set} />
      ))}
      {skills.can['skills:targets'] ? (
        proposing ? (
          <TargetForm
            skills={skills}
            mine="therapist"
            onDone={(v) => {
              set(v);
              setProposing(false);
              setDone('The target is proposed; the client agrees to it in their portal.');
            }}
          />
        ) : (
          <button type="button" className="button secondary" onClick={() => setProposing(true)}>
            Propose a target skill
          </button>
        )
      ) : null}
      {skills.practice?.length ? <RecentPractice skills={skills} /> : null}
      {skills.trackers?.length ? (
        <>
          <h4>Trackers</h4>
          {skills.trackers.map((t) => (
            <div key={t.id}>
              <p>
                <strong>{t.label}</strong>: {t.current} days now, longest {t.longest}
              </p>
              <StreakBars tracker={t} />
            </div>
          ))}
        </>
      ) : null}
      <h4>Planned breaks</h4>
      {skills.breaks.length ? (
        <ul>
          {skills.breaks.map((b) => (
            <li key={b.id}>
              {formatCalendarDate(b.startsOn, 'short')} – {formatCalendarDate(b.endsOn, 'short')}
              {b.label ? ` (${b.label})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}
      {skills.can['skills:breaks'] ? <BreakForm courseId={courseId} set={(v) => (set(v), setDone('The planned break is recorded.'))} /> : null}
      <h4>Support check</h4>
      {skills.supportChecks.length ? (
        <>
          <p>
            {skills.supportChecks.map((c) => `${formatCalendarDate(c.answeredAt.slice(0, 10), 'short')}: ${c.total} of 8`).join(' → ')}. Supports now:{' '}
            {skills.supportChecks
              .at(-1)!
              .supports.map((s) => s.name)
              .join(', ') || 'none listed'}
            .
          </p>
          <SupportLine checks={skills.supportChecks} />
        </>
      ) : (
        <p className="muted">Not answered yet.</p>
      )}
    </section>
  );
}
