import { useState } from 'react';
import { api } from '../api.ts';
import type { Practice } from '../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../components/field.tsx';
import { PRACTICE_LOCALES } from '../../domain/locale.ts';
import type { PracticeLocale } from '../../domain/locale.ts';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { TimeZoneField } from '../components/time-zone-field.tsx';
import { sampleIn } from '../dates.ts';
import { useSessionApi } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { FollowUpSettingPanel } from '../ending/follow-up-setting.tsx';
import { SkillsSettingsPanel } from '../skills/skills-settings.tsx';
import { RetentionSettingPanel } from '../data-rights/retention-setting.tsx';
import { PracticeAlertsPanel } from '../alerts/practice-alerts-panel.tsx';

function PracticeForm({ practice }: { practice: Practice }) {
  const { reload } = useSessionApi();
  const [form, setForm] = useState(practice);
  const [done, setDone] = useState<string | null>(null);
  const set = <K extends keyof Practice>(key: K, value: Practice[K]) => setForm((f) => ({ ...f, [key]: value }));

  const { error, busy, submit } = useSubmit(async () => {
    setDone(null);
    const { id: _id, locale, ...patch } = form;
    await api.updatePractice({ ...patch, locale: locale as PracticeLocale });
    setDone('The practice settings were saved.');
    await reload();
  });

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)}>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      <section className="card" aria-labelledby="general-title">
        <h2 id="general-title">General</h2>
        <TextField label="Practice name" required maxLength={120} value={form.name} onChange={(e) => set('name', e.target.value)} />
        <TimeZoneField value={form.timeZone} onChange={(tz) => set('timeZone', tz)} hint="Dates and times across Accord are shown in this zone." />
        <SelectField
          label="How dates and times are written"
          value={form.locale}
          onChange={(e) => set('locale', e.target.value)}
          options={PRACTICE_LOCALES.map((l) => ({ value: l, label: `${sampleIn(l, form.timeZone)} (${l})` }))}
          hint="The same everywhere in Accord, for staff and clients alike."
        />
      </section>
      <section className="card" aria-labelledby="crisis-title">
        <h2 id="crisis-title">Crisis information</h2>
        <TextArea
          label="What clients see when they may need urgent help"
          rows={5}
          minLength={20}
          maxLength={2000}
          required
          hint="Shown in the client portal. Say whom to call and when: local emergency number, crisis lines, the practice’s hours."
          value={form.crisisInfo}
          onChange={(e) => set('crisisInfo', e.target.value)}
        />
      </section>
      <section className="card" aria-labelledby="security-title">
        <h2 id="security-title">Security and alerts</h2>
        <fieldset>
          <legend>Second factor (authenticator app) at sign-in</legend>
          <Checkbox label="Required for administrators" checked={form.requireMfaAdmin} onChange={(e) => set('requireMfaAdmin', e.target.checked)} />
          <Checkbox
            label="Required for all staff"
            hint="Therapists and supervisors will be asked to set up an app at their next sign-in."
            checked={form.requireMfaStaff}
            onChange={(e) => set('requireMfaStaff', e.target.checked)}
          />
        </fieldset>
        <TextField
          label="Escalation time (minutes)"
          type="number"
          min={5}
          max={10080}
          required
          className="short"
          hint="How long a safety alert may stay unacknowledged before it goes to the designated colleague."
          value={String(form.escalationMinutes)}
          onChange={(e) => set('escalationMinutes', Number(e.target.value))}
        />
        <TextField
          label="Process notes: password confirmed within (minutes)"
          type="number"
          min={1}
          max={30}
          required
          className="short"
          hint="A therapist opening their private process notes confirms their password again unless they did within this time."
          value={String(form.processNoteReauthMinutes)}
          onChange={(e) => set('processNoteReauthMinutes', Number(e.target.value))}
        />
        <TextField
          label="Notes open after (days)"
          type="number"
          min={1}
          max={60}
          required
          className="short"
          hint="A session's progress note and the client's reflection stay sealed from each other until both are written, or until this many days after the session."
          value={String(form.notesRevealDays ?? 7)}
          onChange={(e) => set('notesRevealDays', Number(e.target.value))}
        />
      </section>
      <button type="submit" className="button primary" disabled={busy}>
        Save settings
      </button>
    </form>
  );
}

export function AdminPracticePage() {
  const practice = useResource(() => api.practice(), []);
  return (
    <>
      <PageHeading title="Practice settings" />
      {practice.data ? <PracticeForm practice={practice.data} /> : practice.error ? <ErrorNote message={practice.error} /> : <Loading />}
      <PracticeAlertsPanel />
      <FollowUpSettingPanel />
      <SkillsSettingsPanel />
      <RetentionSettingPanel />
    </>
  );
}
