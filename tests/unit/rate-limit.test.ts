/** Rate-limit windows, the refusal's wording and the limits' configuration. */
import { rateLimitedMessage, whenAgain, windowOf } from '../../core/domain/rate-limit';

/** Shanghai wall-clock time as an instant (UTC+8, no daylight saving) */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('windows', () => {
  it('are aligned to Shanghai midnight: a day is a calendar day there, whatever the server zone', () => {
    expect(windowOf(sh('2026-12-02T01:00:00'), 24 * 60)).toEqual({ label: '202612020000', start: sh('2026-12-02T00:00:00'), end: sh('2026-12-03T00:00:00') });
    expect(windowOf(sh('2026-12-01T14:07:30'), 10)).toMatchObject({ label: '202612011400', end: sh('2026-12-01T14:10:00') });
    expect(windowOf(sh('2026-12-01T14:59:59.999'), 60).label).toBe('202612011400');
    expect(windowOf(sh('2026-12-01T15:00:00'), 60).label).toBe('202612011500');
  });
});

describe('when to try again', () => {
  const now = sh('2026-12-01T13:50:20');
  it.each([
    [sh('2026-12-01T13:53:00'), '3 分钟后'],
    [sh('2026-12-01T13:50:30'), '1 分钟后'],
    [sh('2026-12-01T14:05:00'), '在 14:05 后'],
    [sh('2026-12-02T00:00:00'), '明天'],
    [sh('2026-12-02T08:00:00'), '在明天 08:00 后'],
    [sh('2026-12-04T00:00:00'), '在 12月4日 00:00 后'],
  ])('%s', (end, expected) => expect(whenAgain(end, now)).toBe(expected));

  it('the refusal names the action, the limit and the time', () => {
    expect(rateLimitedMessage('查看电话号码', { count: 20, windowMinutes: 60 }, sh('2026-12-01T14:00:00'), now)).toBe('操作太频繁：查看电话号码每小时最多 20 次，请 10 分钟后再试');
    expect(rateLimitedMessage('提交积分申报', { count: 20, windowMinutes: 24 * 60 }, sh('2026-12-02T00:00:00'), now)).toBe('操作太频繁：提交积分申报每天最多 20 次，请明天再试');
    expect(rateLimitedMessage('积分核验', { count: 5, windowMinutes: 10 }, sh('2026-12-01T14:00:00'), now)).toBe('操作太频繁：积分核验每 10 分钟最多 5 次，请 10 分钟后再试');
  });
});

describe('configuration', () => {
  const load = (env: Record<string, string>) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      let limits: unknown;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        limits = (require('../../cloudfunctions/lib/config') as typeof import('../../cloudfunctions/lib/config')).config().rateLimits;
      });
      return limits;
    } finally {
      process.env = saved;
    }
  };

  it('has defaults', () => {
    expect(load({})).toEqual({
      claimSubmit: { count: 20, windowMinutes: 1440 },
      objection: { count: 10, windowMinutes: 1440 },
      revealPhone: { count: 20, windowMinutes: 60 },
      export: { count: 10, windowMinutes: 60 },
      verify: { count: 5, windowMinutes: 10 },
      bindApply: { count: 5, windowMinutes: 1440 },
      inviteRedeem: { count: 10, windowMinutes: 1440 },
      requestSubmit: { count: 30, windowMinutes: 1440 },
      checkinCode: { count: 10, windowMinutes: 10 },
    });
  });

  it('takes each from its env variable, validated', () => {
    expect(load({ RATE_LIMIT_REVEAL_PHONE: '3/2h', RATE_LIMIT_VERIFY: ' 50/30m ' })).toMatchObject({ revealPhone: { count: 3, windowMinutes: 120 }, verify: { count: 50, windowMinutes: 30 } });
    for (const bad of ['20', '0/1h', '20/h', '20/1w', '-1/1h', '20/8d']) expect(() => load({ RATE_LIMIT_EXPORT: bad })).toThrow();
  });
});
