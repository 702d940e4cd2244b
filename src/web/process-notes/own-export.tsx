/**
 * The author's own export of their process notes (SPEC §2: never in exports but the author's own),
 * on the account page: after confirming the password, a JSON file of every note they wrote on their
 * current clients, made in the browser from the answer (the text never passes through a link).
 */
import { useState } from 'react';
import { call } from '../api.ts';
import { DoneNote, ErrorNote } from '../components/notice.tsx';
import { useReauth } from '../components/reauth-prompt.tsx';
import { useSubmit } from '../use-submit.ts';
import type { z } from 'zod';
import type * as notes from '../../contract/process-notes.ts';

type OwnExport = z.infer<typeof notes.ownExport>;

export function OwnProcessNotesExport() {
  const { guard, prompt } = useReauth('Downloading your process notes is recorded in the audit trail, without their content.');
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, run } = useSubmit();
  const download = () =>
    run(async () => {
      setDone(null);
      const data = await guard(() => call<OwnExport>('GET', '/api/me/process-notes'));
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `process-notes-${data.exportedAt.slice(0, 10)}.json`;
      a.click();
      URL.revokeObjectURL(url);
      setDone(`${data.notes.length} process ${data.notes.length === 1 ? 'note' : 'notes'} downloaded.`);
    });
  return (
    <section className="card" aria-labelledby="own-notes-title">
      <h2 id="own-notes-title">Your process notes</h2>
      <p className="hint">A file with every process note you wrote on your current clients. It is yours alone: keep it safe.</p>
      <DoneNote message={done} />
      <ErrorNote message={error} />
      <button type="button" className="button secondary" disabled={busy} onClick={() => void download()}>
        Download my process notes
      </button>
      {prompt}
    </section>
  );
}
