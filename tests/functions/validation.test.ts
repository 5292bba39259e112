/** Bad input to every action: VALIDATION_ERROR with Chinese field messages, and nothing read or written. */
import { resetStats, seededTestCloud, stats } from '../helpers/seeded';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';

// a function's first call is a cold start of its instance
jest.setTimeout(30_000);

const t = seededTestCloud();

const CHINESE = /[\u4e00-\u9fff]/;

/** database requests of any kind since the last reset */
async function dbRequests(): Promise<number> {
  return Object.entries(await stats(t))
    .filter(([k]) => k.startsWith('database.'))
    .reduce((sum, [, v]) => sum + v, 0);
}

const BAD: Array<[string, unknown, string]> = [
  ['account.me', { extra: true }, 'data.extra'],
  ['account.me', 'me', 'data'],
  ['account.me', null, 'data'],
  ['org.directory', { compoundId: '' }, 'data.compoundId'],
  ['org.directory', { compoundId: 42 }, 'data.compoundId'],
  ['org.directory', { compoundId: '../persons' }, 'data.compoundId'],
  ['org.directory', { compoundId: 'x'.repeat(65) }, 'data.compoundId'],
  ['org.directory', [], 'data'],
  ['org.revealPhone', undefined, 'data'],
  ['org.revealPhone', {}, 'data.compoundId'],
  ['org.revealPhone', { compoundId: 'cp-heping' }, 'data.personId'],
  ['org.revealPhone', { compoundId: 'cp-heping', personId: { $ne: null } }, 'data.personId'],
  ['org.compounds', { page: 0 }, 'data.page'],
  ['org.compounds', { page: '1' }, 'data.page'],
  ['org.compounds', { pageSize: 21 }, 'data.pageSize'],
  ['org.compounds', { page: 1, communityId: 'cm-xingfuli' }, 'data.communityId'],
  ['org.branches', { communityId: { $exists: true } }, 'data.communityId'],
  ['org.branches', { page: 1 }, 'data.page'],
];

describe.each(BAD)('%s with %j', (action, data, path) => {
  it(`is a VALIDATION_ERROR at ${path}, before any database access`, async () => {
    await resetStats(t);
    const res = await t.call(action, data, P.staff);
    if (res.ok) throw new Error(`accepted: ${JSON.stringify(res.data)}`);
    expect(res.error.code).toBe('VALIDATION_ERROR');
    expect(res.error.message).toMatch(CHINESE);
    expect(res.error.issues).toContainEqual({ path, message: expect.stringMatching(CHINESE) });
    expect(await dbRequests()).toBe(0);
  });
});

describe('a malformed call', () => {
  it.each([
    ['org', { action: 'org.deleteEverything', data: {} }, 'action'],
    ['org', { action: 'account.me' }, 'action'], // an action of another function
    ['org', { data: {} }, 'action'],
    ['org', { action: '' }, 'action'],
    ['account', 'account.me', ''],
    ['account', { action: 'account.me', data: {}, sudo: true }, 'sudo'],
  ])('%s %j is a VALIDATION_ERROR at “%s”', async (fn, event, path) => {
    await resetStats(t);
    const { body } = await t.invokeRaw(fn, event, P.admin);
    expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: expect.arrayContaining([expect.objectContaining({ path })]) } });
    expect(JSON.stringify(body)).toMatch(CHINESE);
    expect(await dbRequests()).toBe(0);
  });
});
