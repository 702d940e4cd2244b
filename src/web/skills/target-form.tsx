/**
 * Proposing a target skill (SPEC §3 C5 "Decision"), the same form for both sides: the skill from
 * the practice's catalogue (the Skills check's suggestions first), why it matters and the goals it
 * serves, the situations, the patterns to do more and less of, sources, how to practise and stay
 * motivated, and a target count. The other side agrees before practice starts.
 */
import { TextArea, TextField, SelectField, Checkbox } from '../components/field.tsx';
import { ErrorNote } from '../components/notice.tsx';
import { fieldText, FormProblem, useSubmit } from '../use-submit.ts';
import { SKILLS_LIMITS, skillsDefaults } from '../../domain/skills/settings.ts';
import { THREE_QUESTIONS } from '../../domain/skills/targets.ts';
import type { Skills } from './api.ts';
import { skillsApi } from './api.ts';

const lines = (f: FormData, name: string) =>
  fieldText(f, name)
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

export function TargetForm({ skills, onDone, mine }: { skills: Skills; onDone: (v: Skills) => void; mine: 'client' | 'therapist' }) {
  const suggested = skills.checks.at(-1)?.suggested ?? [];
  const taken = new Set(skills.targets.filter((t) => t.status !== 'done').map((t) => t.skillId));
  const options = [
    ...suggested.filter((s) => !taken.has(s.skillId)).map((s) => ({ value: s.skillId, label: `${s.name} (suggested, priority ${s.priority})` })),
    ...skills.catalogue.filter((s) => !suggested.some((x) => x.skillId === s.id)).map((s) => ({ value: s.id, label: `${s.group}: ${s.name}` })),
  ];
  const { error, busy, submit } = useSubmit(async (e) => {
    const f = new FormData(e.currentTarget);
    const why = fieldText(f, 'why');
    if (!why) throw new FormProblem('Say why this skill matters: what it would help with.');
    const count = Number(fieldText(f, 'targetCount') || skillsDefaults.defaultTargetCount);
    const patterns = (side: string) => ({
      thoughts: lines(f, `${side}-thoughts`),
      feelings: lines(f, `${side}-feelings`),
      behaviours: lines(f, `${side}-behaviours`),
    });
    onDone(
      await skillsApi.propose(skills.courseId, {
        skillId: fieldText(f, 'skillId'),
        why,
        goalIds: f.getAll('goalIds').map(String),
        situations: lines(f, 'situations'),
        doMore: patterns('more'),
        doLess: patterns('less'),
        sources: lines(f, 'sources'),
        practicePlan: fieldText(f, 'practicePlan'),
        targetCount: count,
      }),
    );
  });
  const L = SKILLS_LIMITS;
  return (
    <form aria-label="Propose a target skill" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <SelectField label="Skill" name="skillId" options={options} />
      <p className="hint">{THREE_QUESTIONS[0]}</p>
      <TextArea label="Why this skill" name="why" rows={2} maxLength={L.planTextChars} />
      {skills.goals.length ? (
        <fieldset>
          <legend>The goals it would help (optional)</legend>
          {skills.goals.map((g) => (
            <Checkbox key={g.id} label={g.text} name="goalIds" value={g.id} />
          ))}
        </fieldset>
      ) : null}
      <p className="hint">{THREE_QUESTIONS[1]} One per line.</p>
      <TextArea label="Situations" name="situations" rows={2} />
      <fieldset>
        <legend>Do more of</legend>
        <TextArea label="Thoughts" name="more-thoughts" rows={1} />
        <TextArea label="Feelings" name="more-feelings" rows={1} />
        <TextArea label="Behaviours" name="more-behaviours" rows={1} />
      </fieldset>
      <fieldset>
        <legend>Do less of</legend>
        <TextArea label="Thoughts" name="less-thoughts" rows={1} />
        <TextArea label="Feelings" name="less-feelings" rows={1} />
        <TextArea label="Behaviours" name="less-behaviours" rows={1} />
      </fieldset>
      <TextArea label="Sources worth reading (optional)" name="sources" rows={1} />
      <p className="hint">{THREE_QUESTIONS[2]}</p>
      <TextArea label="How I will practise and keep myself motivated" name="practicePlan" rows={2} maxLength={L.planTextChars} />
      <TextField
        label="Target count (rehearsals)"
        hint="Hundreds of rehearsals are normal."
        name="targetCount"
        type="number"
        inputMode="numeric"
        min={1}
        max={skillsDefaults.targetCountMax}
        defaultValue={skillsDefaults.defaultTargetCount}
      />
      <button type="submit" className="button primary" disabled={busy}>
        {mine === 'therapist' ? 'Propose to the client' : 'Propose to my therapist'}
      </button>
    </form>
  );
}

/** A target's plan: the three questions answered. */
export function TargetPlanView({ target }: { target: Skills['targets'][number] }) {
  const list = (xs: string[]) => (xs.length ? xs.join('; ') : '—');
  return (
    <dl className="skills-plan">
      <dt>{THREE_QUESTIONS[0]}</dt>
      <dd>
        {target.skillName}: {target.why}
        {target.goals.length ? ` (goals: ${target.goals.map((g) => g.text).join('; ')})` : ''}
      </dd>
      <dt>{THREE_QUESTIONS[1]}</dt>
      <dd>
        In: {list(target.situations)}. More of: {list([...target.doMore.thoughts, ...target.doMore.feelings, ...target.doMore.behaviours])}. Less of:{' '}
        {list([...target.doLess.thoughts, ...target.doLess.feelings, ...target.doLess.behaviours])}.
      </dd>
      <dt>{THREE_QUESTIONS[2]}</dt>
      <dd>
        {target.practicePlan || '—'} Target: {target.targetCount} rehearsals.
        {target.sources.length ? ` Reading: ${target.sources.join('; ')}.` : ''}
      </dd>
    </dl>
  );
}
