/**
 * The practice's follow-up setting (SPEC §3 C6: "optional follow-up check months later"): how many
 * months after a course's last day the client's follow-up check falls due, or off. Endings closed
 * after a change use the new value.
 */
import { useState } from 'react';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { SelectField } from '../components/field.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';
import { endingApi } from './api.ts';

const MONTHS = [0, 1, 2, 3, 4, 6, 9, 12, 18, 24].map((m) => ({
  value: String(m),
  label: m === 0 ? 'Off: no follow-up check' : `${m} month${m === 1 ? '' : 's'} after the ending`,
}));

export function FollowUpSettingPanel() {
  const setting = useResource(() => endingApi.settings(), []);
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, submit } = useSubmit(async (e) => {
    const months = Number(new FormData(e.currentTarget).get('months'));
    await endingApi.saveSettings(months);
    setDone(
      months === 0 ? 'Follow-up checks are off for endings closed from now on.' : `Endings closed from now on get a follow-up check after ${months} months.`,
    );
    await setting.reload();
  });
  return (
    <section className="card" aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">Follow-up after the ending</h2>
      {!setting.data ? (
        setting.error ? (
          <ErrorNote message={setting.error} />
        ) : (
          <Loading />
        )
      ) : (
        <form aria-label="Follow-up after the ending" onSubmit={(e) => void submit(e)}>
          <DoneNote message={done} />
          <ErrorNote message={error} />
          <SelectField
            label="Follow-up check"
            hint={`The client is asked in the portal how they have been; the check stays open for ${setting.data.followUpWindowDays} days.`}
            name="months"
            options={MONTHS}
            defaultValue={String(setting.data.followUpMonths)}
          />
          <button type="submit" className="button primary" disabled={busy}>
            Save
          </button>
        </form>
      )}
    </section>
  );
}
