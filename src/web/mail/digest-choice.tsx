/** On the account page: a staff member's choice of the daily digest email. */
import { useState } from 'react';
import { mailApi } from './api.ts';
import { Checkbox } from '../components/field.tsx';
import { DoneNote, ErrorNote, Loading } from '../components/notice.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';

export function DigestChoice() {
  const pref = useResource(() => mailApi.preference(), []);
  const [done, setDone] = useState<string | null>(null);
  // The box follows the click at once; a refused change puts it back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const { error, run } = useSubmit();
  const choose = (on: boolean) =>
    run(async () => {
      setChosen(on);
      try {
        const saved = await mailApi.setPreference(on);
        setChosen(saved.dailyDigest);
      } catch (e) {
        setChosen(null);
        throw e;
      }
      setDone(on ? 'You will get a short email each morning when your day is ready.' : 'No more daily emails.');
    });
  return (
    <section className="card" aria-labelledby="digest-title">
      <h2 id="digest-title">Email</h2>
      <DoneNote message={done} />
      <ErrorNote message={error ?? pref.error} />
      {pref.data ? (
        <>
          <Checkbox
            label="Email me each morning when my day is ready"
            checked={chosen ?? pref.data.dailyDigest}
            onChange={(e) => void choose(e.target.checked)}
            hint="One short email a day with a link to Accord. It never names a client or says anything clinical."
          />
          {pref.data.mailOn ? null : <p className="hint">Your practice does not send email at the moment; your choice is kept for when it does.</p>}
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}
