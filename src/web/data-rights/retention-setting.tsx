/** The practice's retention period (docs/data-rights.md): years after the last contact before a record may be erased. */
import { useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { TextField } from '../components/field.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { rightsApi } from './api.ts';

export function RetentionSettingPanel() {
  const setting = useResource(() => rightsApi.retention(), []);
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(async (e) => {
    const years = Number(new FormData(e.currentTarget).get('years'));
    const saved = await rightsApi.saveRetention(years);
    setDone(`Records are kept ${saved.retentionYears} years after the last contact.`);
    await setting.reload();
  });
  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">Retention of records</h2>
      {!setting.data ? (
        setting.error ? (
          <ErrorNote message={setting.error} />
        ) : (
          <Loading />
        )
      ) : (
        <form aria-label="Retention of records" onSubmit={(e) => void submit(e)}>
          <DoneNote message={done} />
          <ErrorNote message={error} />
          <TextField
            label="Years after the last contact"
            name="years"
            type="number"
            min={1}
            max={100}
            defaultValue={String(setting.data.retentionYears)}
            hint="A record may be erased only after this period, and never while a hold applies. Set it from the law and your professional body’s guidance."
          />
          <button type="submit" className="button primary" disabled={busy}>
            Save
          </button>
        </form>
      )}
    </section>
  );
}
