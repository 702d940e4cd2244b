import { describe, expect, it } from 'vitest';
import { pairRounds, revealedChecks, roundSeenBy } from './rounds.ts';

const c = (id: string) => ({ id, side: 'client' as const });
const t = (id: string) => ({ id, side: 'therapist' as const });

describe('the blind pairing of Expectations checks', () => {
  it('pairs the k-th client check with the k-th therapist check, in answer order', () => {
    const rounds = pairRounds([c('c1'), t('t1'), c('c2'), c('c3'), t('t2')]);
    expect(rounds.map((r) => [r.round, r.client?.id, r.therapist?.id, r.revealed])).toEqual([
      [1, 'c1', 't1', true],
      [2, 'c2', 't2', true],
      [3, 'c3', undefined, false],
    ]);
  });

  it('reveals a check only once its pair exists', () => {
    expect(revealedChecks([t('t1'), c('c1'), t('t2')]).map((e) => [e.id, e.revealed])).toEqual([
      ['t1', true],
      ['c1', true],
      ['t2', false],
    ]);
    expect(revealedChecks([c('c1')])[0]!.revealed).toBe(false);
    expect(pairRounds([])).toEqual([]);
  });

  it('shows an open round to its own side only, and nothing of it to an observer', () => {
    const [open] = pairRounds([c('c1')]);
    expect(roundSeenBy(open!, 'client').client?.id).toBe('c1');
    expect(roundSeenBy(open!, 'therapist').client).toBeUndefined();
    expect(roundSeenBy(open!, 'observer')).toMatchObject({ client: undefined, therapist: undefined, revealed: false });
    const [done] = pairRounds([c('c1'), t('t1')]);
    expect(roundSeenBy(done!, 'observer')).toMatchObject({ client: { id: 'c1' }, therapist: { id: 't1' }, revealed: true });
  });
});
