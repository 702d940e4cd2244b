/**
 * Skills and practice in the client's portal (SPEC §3 C5, C7), phone first. Logging a repeat
 * practice is one tap ("again — it went well"), and a success is celebrated on screen, warmly and
 * briefly, with one more tap to say "I gave myself credit". A tracker's day is one tap for today;
 * yesterday stays correctable. The client chooses whether their therapist sees their practice and
 * trackers, and the page says plainly what is shared.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { TextArea, TextField } from '../components/field.tsx';
import type { PortalContext, PortalSection } from '../portal/section.ts';
import { useResource } from '../use-resource.ts';
import { fieldText, FormProblem, useSubmit } from '../use-submit.ts';
import { formatCalendarDate } from '../dates.ts';
import type { PracticeMode, PracticeOutcome } from '../../domain/skills/practice.ts';
import { PRACTICE_MODE_LABELS, PRACTICE_MODES } from '../../domain/skills/practice.ts';
import { SKILLS_LIMITS } from '../../domain/skills/settings.ts';
import { SUPPORT_CHECK_ITEMS } from '../../domain/skills/support-check.ts';
import type { Skills, Target, Tracker } from './api.ts';
import { skillsApi } from './api.ts';
import { StreakBars, SupportLine, WeekBars } from './charts.tsx';
import { TargetForm, TargetPlanView } from './target-form.tsx';
import './skills.css';

type SetView = (v: Skills) => void;
type Celebration = { targetId: string; practiceId: string; count: number; of: number; celebrated: boolean };

const OUTCOME_WORDS: Readonly<Record<PracticeOutcome, string>> = { went_well: 'It went well', mixed: 'Mixed', hard: 'It was hard' };

function Celebrate({ c, courseId, onChange }: { c: Celebration; courseId: string; onChange: (v: Skills, c: Celebration) => void }) {
  const { busy, run, error } = useSubmit();
  return (
    <div className="skills-celebrate" role="status">
      <p>
        <strong>Well done!</strong> That is rehearsal {c.count} of {c.of}. Every one of them counts.
      </p>
      <ErrorNote message={error} />
      {c.celebrated ? (
        <p>You gave yourself credit for it. ✓</p>
      ) : (
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => void run(async () => onChange(await skillsApi.celebrated(courseId, c.practiceId, true), { ...c, celebrated: true }))}
        >
          I gave myself credit
        </button>
      )}
    </div>
  );
}

function PracticeForm({ target, courseId, onDone }: { target: Target; courseId: string; onDone: (v: Skills, outcome: PracticeOutcome) => void }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const mode = f.get('mode');
    const outcome = f.get('outcome');
    if (!mode) throw new FormProblem('Choose how you practised.');
    if (!outcome) throw new FormProblem('Choose how it went.');
    const v = await skillsApi.practise(courseId, {
      targetId: target.id,
      mode: mode as PracticeMode,
      outcome: outcome as PracticeOutcome,
      celebrated: f.get('celebrated') === 'on',
      situation: fieldText(f, 'situation'),
      did: fieldText(f, 'did'),
      howItWent: fieldText(f, 'howItWent'),
    });
    onDone(v, outcome as PracticeOutcome);
  });
  return (
    <form aria-label={`Log a practice: ${target.skillName}`} onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <fieldset>
        <legend>How did you practise?</legend>
        {PRACTICE_MODES.map((m) => (
          <label key={m} className="choice">
            <input type="radio" name="mode" value={m} />
            <span>{PRACTICE_MODE_LABELS[m]}</span>
          </label>
        ))}
      </fieldset>
      <TextField label="The situation" name="situation" maxLength={SKILLS_LIMITS.practiceTextChars} />
      <TextArea label="What I did" name="did" rows={2} maxLength={SKILLS_LIMITS.practiceTextChars} />
      <TextArea label="How it went (optional)" name="howItWent" rows={2} maxLength={SKILLS_LIMITS.practiceTextChars} />
      <fieldset>
        <legend>Overall</legend>
        {(['went_well', 'mixed', 'hard'] as const).map((o) => (
          <label key={o} className="choice">
            <input type="radio" name="outcome" value={o} />
            <span>{OUTCOME_WORDS[o]}</span>
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input type="checkbox" name="celebrated" />
        <span>I celebrated it</span>
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        Save the practice
      </button>
    </form>
  );
}

function TargetCard({ target, skills, set }: { target: Target; skills: Skills; set: SetView }) {
  const [celebration, setCelebration] = useState<Celebration | null>(null);
  const [open, setOpen] = useState(false);
  const { busy, run, error } = useSubmit();
  const p = target.practice;
  const after = (v: Skills, outcome: PracticeOutcome) => {
    set(v);
    const t = v.targets.find((x) => x.id === target.id);
    const last = t?.practice?.last;
    setOpen(false);
    setCelebration(
      outcome === 'went_well' && t?.practice && last
        ? { targetId: t.id, practiceId: last.id, count: t.practice.counts.total, of: t.targetCount, celebrated: last.celebrated }
        : null,
    );
  };
  return (
    <article className="skills-target" aria-label={target.skillName}>
      <h3>{target.skillName}</h3>
      {target.status === 'proposed' ? (
        target.awaitingMe ? (
          <>
            <p>Your therapist proposed this skill. Read it through; practice starts once you agree.</p>
            <TargetPlanView target={target} />
            <ErrorNote message={error} />
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void run(async () => set(await skillsApi.updateTarget(skills.courseId, target.id, { status: 'active' })))}
            >
              Agree to work on this
            </button>
          </>
        ) : (
          <p className="muted">Waiting for your therapist to agree.</p>
        )
      ) : null}
      {target.status === 'active' && p ? (
        <>
          <div className="skills-progress" aria-hidden="true">
            <span style={{ width: `${Math.round(p.progress * 100)}%` }} />
          </div>
          <p>
            {p.counts.total} of {target.targetCount} rehearsals
            {p.streak.current > 1 ? ` · ${p.streak.current} days in a row` : ''}
            {p.stalled ? ' · no practice for a while — one small rehearsal is a fine restart' : ''}
          </p>
          {celebration ? <Celebrate c={celebration} courseId={skills.courseId} onChange={(v, c) => (set(v), setCelebration(c))} /> : null}
          <ErrorNote message={error} />
          {p.last ? (
            <div className="skills-taps" role="group" aria-label={`Practised again: ${target.skillName}`}>
              {(['went_well', 'mixed', 'hard'] as const).map((o) => (
                <button
                  key={o}
                  type="button"
                  className={`button ${o === 'went_well' ? 'primary' : 'secondary'}`}
                  disabled={busy}
                  onClick={() =>
                    void run(async () => after(await skillsApi.practise(skills.courseId, { targetId: target.id, repeatOf: p.last!.id, outcome: o }), o))
                  }
                >
                  Again: {OUTCOME_WORDS[o].toLowerCase()}
                </button>
              ))}
            </div>
          ) : null}
          {open ? (
            <PracticeForm target={target} courseId={skills.courseId} onDone={after} />
          ) : (
            <button type="button" className="button secondary" onClick={() => setOpen(true)}>
              {p.last ? 'Log a different practice' : 'Log my first practice'}
            </button>
          )}
          <details>
            <summary>The plan and my week by week</summary>
            <TargetPlanView target={target} />
            <WeekBars target={target} />
          </details>
        </>
      ) : null}
      {target.status === 'paused' ? <p className="muted">Paused for now.</p> : null}
      {target.status === 'done' ? <p className="muted">Done — {p ? `${p.counts.total} rehearsals` : 'well practised'}.</p> : null}
    </article>
  );
}

function TrackerRow({ tracker, skills, set }: { tracker: Tracker; skills: Skills; set: SetView }) {
  const { busy, run, error } = useSubmit();
  const yesterday = new Date(Date.parse(`${skills.today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const enter = (day: string, kept: boolean, known: boolean | null) =>
    void run(async () =>
      set(
        known === null ? await skillsApi.enterDay(skills.courseId, tracker.id, day, kept) : await skillsApi.correctDay(skills.courseId, tracker.id, day, kept),
      ),
    );
  const Day = ({ day, value, label }: { day: string; value: boolean | null; label: string }) => (
    <div className="button-row" role="group" aria-label={`${tracker.label}: ${label}`}>
      <span>{label}:</span>
      <button
        type="button"
        className={`button ${value === true ? 'primary' : 'secondary'}`}
        aria-pressed={value === true}
        disabled={busy}
        onClick={() => enter(day, true, value)}
      >
        Yes
      </button>
      <button
        type="button"
        className={`button ${value === false ? 'primary' : 'secondary'}`}
        aria-pressed={value === false}
        disabled={busy}
        onClick={() => enter(day, false, value)}
      >
        No
      </button>
    </div>
  );
  return (
    <div className="skills-tracker">
      <span className="skills-tracker-label">{tracker.label}</span>
      <ErrorNote message={error} />
      <Day day={skills.today} value={tracker.today} label="Today" />
      <Day day={yesterday} value={tracker.yesterday} label="Yesterday" />
      <span className="muted">
        {tracker.current} days now · longest {tracker.longest}
      </span>
      <StreakBars tracker={tracker} />
    </div>
  );
}

function NewTracker({ courseId, set }: { courseId: string; set: SetView }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const form = e.currentTarget;
    const label = fieldText(new FormData(form), 'label');
    if (!label) throw new FormProblem('Name what the tracker counts.');
    set(await skillsApi.addTracker(courseId, label));
    form.reset();
  });
  return (
    <form aria-label="New tracker" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <TextField
        label="A new daily tracker"
        hint="A yes or no each day, e.g. “a day without drinking”."
        name="label"
        maxLength={SKILLS_LIMITS.trackerLabelChars}
      />
      <button type="submit" className="button secondary" disabled={busy}>
        Add the tracker
      </button>
    </form>
  );
}

function SkillsCheckForm({ skills, set }: { skills: Skills; set: SetView }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const ratings = skills.catalogue.flatMap((s) => {
      const a = f.get(`${s.id}.skilled`);
      const b = f.get(`${s.id}.help`);
      if (a === null && b === null) return [];
      if (a === null || b === null) throw new FormProblem(`Answer both questions for “${s.name}”, or neither.`);
      return [{ skillId: s.id, skilled: Number(a), help: Number(b) }];
    });
    if (!ratings.length) throw new FormProblem('Rate at least one skill.');
    set(await skillsApi.check(skills.courseId, ratings));
  });
  const scale = (name: string, legend: string, labels: string[]) => (
    <fieldset className="skills-scale">
      <legend>{legend}</legend>
      {labels.map((l, v) => (
        <label key={v}>
          <input type="radio" name={name} value={v} />
          <span>
            {v} <span className="visually-hidden">{l}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
  return (
    <form aria-label="Skills check" onSubmit={(e) => void submit(e)} noValidate>
      <p className="hint">
        For each skill: how skilled are you now (0 not yet … 4 very), and how much would getting better help your life (0 not at all … 4 very much)? Leave out
        any that do not apply.
      </p>
      {skills.catalogue.map((s) => (
        <div key={s.id} className="skills-pair" role="group" aria-label={s.name}>
          <strong>{s.name}</strong>
          {scale(`${s.id}.skilled`, 'How skilled am I now?', ['Not yet', 'A little', 'Somewhat', 'Mostly', 'Very'])}
          {scale(`${s.id}.help`, 'How much would it help my life?', ['Not at all', 'A little', 'Somewhat', 'A lot', 'Very much'])}
        </div>
      ))}
      <ErrorNote message={error} />
      <button type="submit" className="button primary" disabled={busy}>
        See my priorities
      </button>
    </form>
  );
}

function SupportForm({ skills, set }: { skills: Skills; set: SetView }) {
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const calm = f.get('calm');
    const people = f.get('people');
    if (calm === null || people === null) throw new FormProblem('Answer both questions.');
    const supports = [
      ...fieldText(f, 'persons')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((name) => ({ kind: 'person' as const, name })),
      ...fieldText(f, 'activities')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((name) => ({ kind: 'activity' as const, name })),
    ];
    set(await skillsApi.support(skills.courseId, { calm: Number(calm), people: Number(people), supports }));
  });
  const last = skills.supportChecks.at(-1);
  const labels = ['Not at all', 'A little', 'Somewhat', 'Mostly', 'Completely'];
  return (
    <form aria-label="Support check" onSubmit={(e) => void submit(e)} noValidate>
      {SUPPORT_CHECK_ITEMS.map((item) => (
        <fieldset key={item.id} className="skills-scale">
          <legend>{item.text}</legend>
          {labels.map((l, v) => (
            <label key={v}>
              <input type="radio" name={item.id} value={v} />
              <span>{l}</span>
            </label>
          ))}
        </fieldset>
      ))}
      <TextArea
        label="People I can turn to (one per line)"
        name="persons"
        rows={2}
        defaultValue={
          last?.supports
            .filter((s) => s.kind === 'person')
            .map((s) => s.name)
            .join('\n') ?? ''
        }
      />
      <TextArea
        label="Things that help me (one per line)"
        name="activities"
        rows={2}
        defaultValue={
          last?.supports
            .filter((s) => s.kind === 'activity')
            .map((s) => s.name)
            .join('\n') ?? ''
        }
      />
      <ErrorNote message={error} />
      <button type="submit" className="button primary" disabled={busy}>
        Save my Support check
      </button>
    </form>
  );
}

function Sharing({ skills, set }: { skills: Skills; set: SetView }) {
  const { busy, run, error } = useSubmit();
  const shared = skills.sharing.shared;
  return (
    <InfoNote>
      <p>
        {shared
          ? 'Your therapist (and their supervisor) can see your practice log and your trackers.'
          : 'Your practice log and trackers are private: your therapist sees the skills you agreed on, your Skills and Support checks, but not your practice or trackers.'}
      </p>
      <ErrorNote message={error} />
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() => void run(async () => set(await skillsApi.share(skills.courseId, !shared)))}
      >
        {shared ? 'Stop sharing my practice and trackers' : 'Share my practice and trackers with my therapist'}
      </button>
    </InfoNote>
  );
}

function SkillsSection({ ctx }: { ctx: PortalContext }) {
  const courseId = ctx.current!.id;
  const res = useResource(() => skillsApi.get(courseId), [courseId]);
  const [view, setView] = useState<Skills | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const skills = view ?? res.data;
  if (!skills) return res.error ? <ErrorNote message={res.error} /> : <Loading />;
  const set = (v: Skills) => {
    setView(v);
    setDone(null);
  };
  const live = skills.targets.filter((t) => t.status !== 'done');
  const latest = skills.checks.at(-1);
  return (
    <div className="skills-portal">
      <DoneNote message={done} />
      <Sharing skills={skills} set={set} />
      {live.length ? (
        live.map((t) => <TargetCard key={t.id} target={t} skills={skills} set={set} />)
      ) : (
        <p>No target skill yet. The Skills check below helps you choose one.</p>
      )}
      <h3>Daily trackers</h3>
      {skills.trackers?.map((t) => (
        <TrackerRow key={t.id} tracker={t} skills={skills} set={set} />
      ))}
      {skills.can['skills:trackers'] ? <NewTracker courseId={courseId} set={set} /> : null}
      {skills.breaks.length ? (
        <p className="muted">
          Planned breaks:{' '}
          {skills.breaks
            .map((b) => `${formatCalendarDate(b.startsOn, 'short')} – ${formatCalendarDate(b.endsOn, 'short')}${b.label ? ` (${b.label})` : ''}`)
            .join('; ')}
        </p>
      ) : null}
      <details>
        <summary>Skills check{latest ? ` (last on ${formatCalendarDate(latest.answeredAt.slice(0, 10), 'short')})` : ''}</summary>
        {latest ? (
          <p>
            Your top priorities:{' '}
            {latest.suggested.map((s) => `${s.name} (${s.priority})`).join(', ') ||
              'none stood out — every skill is either there already or would not help much now'}
            .
          </p>
        ) : null}
        <SkillsCheckForm skills={skills} set={(v) => (set(v), setDone('Your Skills check is saved; your priorities are shown above it.'))} />
      </details>
      <details>
        <summary>Support check{skills.supportChecks.length ? ` (${skills.supportChecks.length} so far)` : ''}</summary>
        <SupportLine checks={skills.supportChecks} />
        <SupportForm skills={skills} set={(v) => (set(v), setDone('Your Support check is saved.'))} />
      </details>
      {skills.can['skills:targets'] ? (
        <details>
          <summary>Suggest a skill to work on</summary>
          <TargetForm skills={skills} mine="client" onDone={(v) => (set(v), setDone('Your suggestion is sent; your therapist will agree it with you.'))} />
        </details>
      ) : null}
    </div>
  );
}

export const skillsSection: PortalSection = {
  id: 'skills',
  title: 'Practice between sessions',
  shows: (ctx) => !!ctx.current && ctx.current.status !== 'ended' && !!ctx.current.can['skills:read'],
  Component: SkillsSection,
};
