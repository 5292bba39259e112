import { accountMe } from '../../core/contracts/account';
import { callEnvelope, functionOf } from '../../core/contracts/common';
import { contracts } from '../../core/contracts/index';
import { orgCompounds, orgDirectory, orgRevealPhone } from '../../core/contracts/org';
import { AppError } from '../../cloudfunctions/lib/errors';
import { parseInput } from '../../cloudfunctions/lib/validation';

const CHINESE = /[\u4e00-\u9fff]/;

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('the contracts registry', () => {
  it('serves every action of account and org from the function named by its prefix', () => {
    for (const name of ['account.me', 'org.directory', 'org.revealPhone', 'org.compounds'] as const) {
      expect(contracts[name].action).toBe(name);
    }
    expect(functionOf('org.revealPhone')).toBe('org');
  });
});

describe('inputs', () => {
  it('accepts what the app sends', () => {
    expect(parseInput(accountMe.input, undefined)).toEqual({});
    expect(parseInput(orgDirectory.input, undefined)).toEqual({});
    expect(parseInput(orgDirectory.input, { compoundId: 'cp-heping' })).toEqual({ compoundId: 'cp-heping' });
    expect(parseInput(orgRevealPhone.input, { compoundId: 'cp-heping', personId: 'p-leader' })).toEqual({
      compoundId: 'cp-heping',
      personId: 'p-leader',
    });
    expect(parseInput(orgCompounds.input, undefined)).toEqual({ page: 1, pageSize: 20 });
    expect(parseInput(orgCompounds.input, { page: 2 })).toEqual({ page: 2, pageSize: 20 });
  });

  it('rejects an identity smuggled into the input, naming the field in Chinese', () => {
    for (const [contract, data] of [
      [accountMe, { openid: 'someone-else' }],
      [orgDirectory, { personId: 'p-admin' }],
      [orgRevealPhone, { compoundId: 'cp-heping', personId: 'p-leader', openid: 'x' }],
    ] as const) {
      const err = rejection(() => parseInput(contract.input, data, ['data']));
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.issues).toEqual([expect.objectContaining({ path: expect.stringMatching(/^data\.(openid|personId)$/) })]);
      expect(err.issues?.[0].message).toMatch(CHINESE);
    }
  });

  it.each([
    [orgDirectory, { compoundId: '' }, 'data.compoundId', '编号不能为空'],
    [orgDirectory, { compoundId: 'cp heping' }, 'data.compoundId', '编号格式不正确'],
    [orgDirectory, { compoundId: 7 }, 'data.compoundId', '编号必须是文字'],
    [orgRevealPhone, { compoundId: 'cp-heping' }, 'data.personId', '缺少编号'],
    [orgCompounds, { page: 0 }, 'data.page', '页码从 1 开始'],
    [orgCompounds, { pageSize: 50 }, 'data.pageSize', '每页最多 20 条'],
    [orgCompounds, { page: 1.5 }, 'data.page', '页码必须是整数'],
  ])('%#: rejects %j at %s with “%s”', (contract, data, path, message) => {
    const err = rejection(() => parseInput(contract.input, data, ['data']));
    expect(err.issues).toContainEqual({ path, message });
    expect(err.message).toMatch(CHINESE);
  });

  it('speaks Chinese where a contract sets no message of its own', () => {
    const err = rejection(() => parseInput(orgDirectory.input, 'cp-heping', ['data']));
    expect(err.issues).toEqual([{ path: 'data', message: expect.stringMatching(CHINESE) }]);
  });

  it('checks the envelope itself', () => {
    expect(rejection(() => parseInput(callEnvelope, { data: {} })).issues?.[0].path).toBe('action');
    expect(rejection(() => parseInput(callEnvelope, { action: 'org.directory', extra: 1 })).issues).toEqual([
      { path: 'extra', message: '不允许提交字段“extra”' },
    ]);
  });
});

describe('outputs', () => {
  it('tell bound and unbound callers apart', () => {
    expect(accountMe.output.parse({ bound: false, nextStep: '去绑定' })).toEqual({ bound: false, nextStep: '去绑定' });
    expect(() => accountMe.output.parse({ bound: true, nextStep: '去绑定' })).toThrow();
  });

  it('refuse a board without the viewer fields', () => {
    expect(orgDirectory.output.safeParse({}).success).toBe(false);
  });
});
