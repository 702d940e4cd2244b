/**
 * The "what the words suggest" section of the therapist's client page (SPEC §5.5): loads the cues
 * of the client's recent texts from GET /api/clients/:clientId/cues and shows them grouped by
 * family (CuePanel), then each text in full with its cue words highlighted (CueText).
 * Only the assigned therapist and the supervisor get this answer; for anyone else it stays hidden.
 */
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { call } from '../api.ts';
import { formatDay } from '../dates.ts';
import { Loading } from '../components/notice.tsx';
import { useResource } from '../use-resource.ts';
import type * as cues from '../../contract/cues.ts';
import { CuePanel } from './cue-panel.tsx';
import type { CuePanelItem } from './cue-panel.tsx';
import { CueText } from './cue-text.tsx';
import './cues.css';

/** One client text with its cues, as the API returns it (src/contract/cues.ts). */
export type ClientCueItem = z.infer<typeof cues.clientCueItem>;
export type ClientCuesView = z.infer<typeof cues.clientCues>;

export const cuesApi = {
  ofClient: (clientId: string) => call<ClientCuesView>('GET', `/api/clients/${encodeURIComponent(clientId)}/cues`),
};

export function ClientCues({ clientId, timeZone }: { clientId: string; timeZone: string }): ReactNode {
  const res = useResource(() => cuesApi.ofClient(clientId), [clientId]);
  if (res.error) return null;
  if (!res.data) return <Loading />;
  const { items, lookbackSessions } = res.data;
  const panelItems: CuePanelItem[] = items.map((i) => ({ sourceLabel: i.sourceLabel, date: formatDay(i.at, timeZone), text: i.text, cues: i.cues }));
  return (
    <div className="client-cues">
      <CuePanel items={panelItems} />
      {items.length > 0 ? (
        <details className="cue-texts">
          <summary>
            The client’s texts of the last {lookbackSessions} sessions, with the words highlighted ({items.length})
          </summary>
          <ul>
            {items.map((i) => (
              <li key={i.sourceId}>
                <p className="cue-source">
                  {i.sourceLabel}, {formatDay(i.at, timeZone)}
                </p>
                <blockquote>
                  <CueText text={i.text} cues={i.cues} />
                </blockquote>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
