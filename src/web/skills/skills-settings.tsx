/**
 * The practice's skills settings (SPEC §3 C5): the catalogue of skills in groups (Accord's default
 * until edited; a skill keeps its id, so targets and checks that name it keep their meaning) and
 * the days without practice after which "practice stalled" is raised.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { TextField } from '../components/field.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import type { SkillsSettings } from './api.ts';
import { skillsApi } from './api.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

type Row = { id: string; group: string; name: string };

/** An id for a new skill from its name: lower case, words joined by "_", made unique. */
function idFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 32) || 'skill';
  let id = base.length >= 2 ? base : `skill_${base}`;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}

function Editor({ settings, onSaved }: { settings: SkillsSettings; onSaved: (s: SkillsSettings, msg: string) => void }) {
  const [rows, setRows] = useState<Row[]>(settings.catalogue);
  const [days, setDays] = useState(String(settings.stalledDays));
  const { error, busy, submit, run } = useSubmit(async () => {
    const taken = new Set(rows.map((r) => r.id).filter(Boolean));
    const catalogue = rows.map((r) => {
      if (r.id) return r;
      const id = idFor(r.name, taken);
      taken.add(id);
      return { ...r, id };
    });
    onSaved(await skillsApi.saveSettings(catalogue, Number(days)), 'The skills settings are saved.');
  });
  const change = (i: number, field: 'group' | 'name', value: string) => setRows(rows.map((r, n) => (n === i ? { ...r, [field]: value } : r)));
  return (
    <form aria-label="Skills settings" onSubmit={(e) => void submit(e)} noValidate>
      <ErrorNote message={error} />
      <TextField
        label="Practice stalled after (days)"
        hint={`Days without practice on an active target before the therapist is told (${settings.stalledDaysMin}–${settings.stalledDaysMax}).`}
        type="number"
        inputMode="numeric"
        value={days}
        onChange={(e) => setDays(e.currentTarget.value)}
      />
      <ScrollBox label="The skills catalogue">
        <table>
          <caption>The skills catalogue{settings.custom ? '' : ' (Accord’s default)'}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Skill</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id || `new-${i}`}>
                <td>
                  <input aria-label={`Group of skill ${i + 1}`} value={r.group} onChange={(e) => change(i, 'group', e.currentTarget.value)} />
                </td>
                <td>
                  <input aria-label={`Skill ${i + 1}`} value={r.name} onChange={(e) => change(i, 'name', e.currentTarget.value)} />
                </td>
                <td>
                  <button type="button" className="button secondary" onClick={() => setRows(rows.filter((_, n) => n !== i))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => setRows([...rows, { id: '', group: rows.at(-1)?.group ?? '', name: '' }])}>
          Add a skill
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          Save
        </button>
        {settings.custom ? (
          <button
            type="button"
            className="button secondary"
            disabled={busy}
            onClick={() => void run(async () => onSaved(await skillsApi.saveSettings(null, Number(days)), 'The catalogue is Accord’s default again.'))}
          >
            Back to the default catalogue
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function SkillsSettingsPanel() {
  const settings = useResource(() => skillsApi.settings(), []);
  const [done, setDone] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  return (
    <section className="card" aria-labelledby="skills-settings-title">
      <h2 id="skills-settings-title">Skills and practice</h2>
      <DoneNote message={done} />
      {!settings.data ? (
        settings.error ? (
          <ErrorNote message={settings.error} />
        ) : (
          <Loading />
        )
      ) : (
        <Editor
          key={version}
          settings={settings.data}
          onSaved={(_s, msg) => {
            setDone(msg);
            void settings.reload().then(() => setVersion((v) => v + 1));
          }}
        />
      )}
    </section>
  );
}
