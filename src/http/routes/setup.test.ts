/**
 * First-run set-up over HTTP: the practice's way of writing dates is chosen there (issue 13's
 * locale), checked at the edge, and nothing is written when it is not one Accord knows.
 */
import { describe, it, expect } from 'vitest';
import { PASSWORD, makeApp, makeWorld } from '../../../test/support/harness.ts';
import { issueSetupToken } from '../../services/accounts/setup.ts';

async function freshSetup(extra: Record<string, unknown>) {
  const world = await makeWorld();
  const app = await makeApp(world);
  const token = (await issueSetupToken(world.deps))!;
  const res = await app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: {
      token,
      practiceName: 'Harbour',
      timeZone: 'Europe/Berlin',
      adminName: 'Alex Admin',
      adminEmail: 'alex@harbour.test',
      password: PASSWORD,
      ...extra,
    },
  });
  const practice = await world.deps.store.findPractice();
  await app.close();
  await world.close();
  return { res, practice };
}

describe('choosing how dates are written at set-up', () => {
  it('keeps the locale chosen', async () => {
    const { res, practice } = await freshSetup({ locale: 'de-DE' });
    expect(res.statusCode).toBe(201);
    expect(practice?.locale).toBe('de-DE');
  });

  it('writes English dates (en-GB) when none is given', async () => {
    const { res, practice } = await freshSetup({});
    expect(res.statusCode).toBe(201);
    expect(practice?.locale).toBe('en-GB');
  });

  it.each(['xx-XX', 'constructor', '', 42])('refuses %j with a clear error and creates nothing', async (locale) => {
    const { res, practice } = await freshSetup({ locale });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect(JSON.stringify(res.json())).toContain('locale');
    expect(practice).toBeUndefined();
  });
});
