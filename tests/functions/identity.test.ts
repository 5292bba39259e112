/**
 * The identity rule: who calls comes from the invocation context, never from the payload. Someone
 * else's openid or personId in the payload changes nothing and reveals nothing.
 */
import type { MeView } from '../../core/contracts/account';
import type { DirectoryView } from '../../core/contracts/org';
import { seededTestCloud } from '../helpers/seeded';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { COMPOUND_IDS, PERSON_IDS } from '../../tools/seed/demo';

// a function's first call is a cold start of its instance
jest.setTimeout(30_000);

const t = seededTestCloud();

const FULL_PHONE = /1[3-9]\d{9}/;

describe('a payload naming someone else', () => {
  it.each([
    ['account.me', { openid: P.admin }],
    ['account.me', { personId: PERSON_IDS.admin }],
    ['org.directory', { compoundId: COMPOUND_IDS.laojie, openid: P.staff }],
    ['org.directory', { userId: PERSON_IDS.staff }],
    ['org.revealPhone', { compoundId: COMPOUND_IDS.heping, personId: PERSON_IDS.leader, openid: P.resident }],
    ['org.compounds', { openid: P.staff }],
  ])('%s %j is rejected and reveals nothing', async (action, data) => {
    const { body } = await t.invokeRaw(action.split('.')[0], { action, data }, P.visitor);
    expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(body).not.toHaveProperty('data');
    expect(JSON.stringify(body)).not.toMatch(FULL_PHONE);
    expect(JSON.stringify(body)).not.toContain('和平小区');
  });

  it('cannot pose as someone through the envelope either', async () => {
    const { body } = await t.invokeRaw('account', { action: 'account.me', data: {}, openid: P.admin }, P.visitor);
    expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', issues: [{ path: 'openid' }] } });
  });

  it("ignores WeChat's userInfo field: the context decides", async () => {
    const { body } = await t.invokeRaw(
      'account',
      { action: 'account.me', data: {}, userInfo: { openId: P.admin, appId: 'wx-demo' } },
      P.visitor,
    );
    expect(body).toEqual({ ok: true, data: { bound: false, nextStep: expect.any(String) } });
  });

  it('without a user in the context, a payload cannot supply one', async () => {
    const { body } = await t.invokeRaw('account', { action: 'account.me', data: {}, userInfo: { openId: P.admin } });
    expect(body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('the context decides', () => {
  it('the same call answers for whoever the context names', async () => {
    const names = [];
    for (const openid of [P.resident, P.leader, P.staff]) {
      const res = await t.call<MeView>('account.me', {}, openid);
      names.push(res.ok && res.data.bound ? res.data.person.name : null);
    }
    expect(names).toEqual(['李秀兰', '王建国', '陈美华']);
  });

  it("a resident can never read another compound's board or numbers", async () => {
    for (const compoundId of [COMPOUND_IDS.hongxing, COMPOUND_IDS.laojie]) {
      const board = await t.call<DirectoryView>('org.directory', { compoundId }, P.resident);
      expect(board).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const phone = await t.call('org.revealPhone', { compoundId, personId: 'p-011' }, P.resident);
      expect(phone).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(JSON.stringify([board, phone])).not.toMatch(FULL_PHONE);
    }
  });

  it('a failed attempt leaves the data as it was', async () => {
    const before = await t.app.database().collection('persons').where({ openid: P.resident }).get();
    await t.invokeRaw('account', { action: 'account.me', data: { openid: P.admin } }, P.resident);
    const after = await t.app.database().collection('persons').where({ openid: P.resident }).get();
    expect(after.data).toEqual(before.data);
  });
});
