/** The WeChat accounts' configuration (cloudfunctions/lib/config.ts): both halves or neither, never from the repo. */
import type { FunctionConfig } from '../../cloudfunctions/lib/config';

function load(env: Record<string, string>): Pick<FunctionConfig, 'wxAccounts' | 'miniProgramEnvVersion'> {
  const saved = process.env;
  process.env = { ...saved, ...env };
  for (const key of ['WX_MINIPROGRAM_APPID', 'WX_MINIPROGRAM_SECRET', 'WX_MINIPROGRAM_ENV_VERSION', 'WX_MP_APPID', 'WX_MP_SECRET']) {
    if (!(key in env)) delete process.env[key];
  }
  try {
    let loaded: FunctionConfig | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = (require('../../cloudfunctions/lib/config') as typeof import('../../cloudfunctions/lib/config')).config();
    });
    return { wxAccounts: loaded!.wxAccounts, miniProgramEnvVersion: loaded!.miniProgramEnvVersion };
  } finally {
    process.env = saved;
  }
}

it('has no account and opens the released version unless told', () => {
  expect(load({})).toEqual({ wxAccounts: { miniprogram: null, officialAccount: null }, miniProgramEnvVersion: 'release' });
});

it('takes each account from its pair of env variables', () => {
  expect(
    load({ WX_MINIPROGRAM_APPID: 'wx-mini', WX_MINIPROGRAM_SECRET: ' s1 ', WX_MP_APPID: 'wx-mp', WX_MP_SECRET: 's2', WX_MINIPROGRAM_ENV_VERSION: 'trial' }),
  ).toEqual({
    wxAccounts: { miniprogram: { appid: 'wx-mini', secret: 's1' }, officialAccount: { appid: 'wx-mp', secret: 's2' } },
    miniProgramEnvVersion: 'trial',
  });
});

it('refuses half an account and an unknown version rather than running without them', () => {
  expect(() => load({ WX_MINIPROGRAM_APPID: 'wx-mini' })).toThrow(/WX_MINIPROGRAM_APPID and WX_MINIPROGRAM_SECRET/);
  expect(() => load({ WX_MP_SECRET: 's2' })).toThrow(/WX_MP_APPID and WX_MP_SECRET/);
  expect(() => load({ WX_MINIPROGRAM_ENV_VERSION: 'beta' })).toThrow();
});
