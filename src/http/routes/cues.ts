/**
 * "What the words suggest" over HTTP (SPEC §5.5): the language cues of a client's recent texts,
 * for the therapist and the supervisor. Cues are prompts for the therapist's reflection, so the
 * client, the admin and other therapists are answered as if nothing existed (the policy table).
 */
import { route } from '../route.ts';
import * as s from '../../contract/cues.ts';
import { clientCues } from '../../services/cues/cues.ts';

export const cueRoutes = [
  route({
    method: 'GET',
    url: '/api/clients/:clientId/cues',
    policy: 'cues:read',
    tag: 'alliance',
    summary: 'Language cues of the client’s recent texts (goals, Expectations free text) with the words that triggered them',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.clientCues,
    handler: async ({ deps, params }) => clientCues(deps, params.clientId),
  }),
];
