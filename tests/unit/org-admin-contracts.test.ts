/** The org-admin contracts: what a form may send, with the Chinese messages it shows. */
import { AppError } from '../../cloudfunctions/lib/errors';
import { parseInput } from '../../cloudfunctions/lib/validation';
import { centralHouseholdInput, compoundInput, gridInput, orgTree, orgWuyouSave, retireInput } from '../../core/contracts/org-admin';

function issues(schema: Parameters<typeof parseInput>[0], data: unknown) {
  try {
    parseInput(schema, data, ['data']);
  } catch (err) {
    if (err instanceof AppError) return err.issues ?? [];
    throw err;
  }
  throw new Error('expected a rejection');
}

const key = 'key-12345678';

it('a compound: name, known type and property mode, a phone a company could have', () => {
  expect(issues(compoundInput, { idempotencyKey: key, name: ' ', type: '别墅', propertyMode: '物业公司', sanwu: false, propertyCompany: { name: '安居', phone: '12345' } })).toEqual([
    { path: 'data.name', message: '请填写小区名称' },
    { path: 'data.type', message: '小区类型只能是单位小区、商住小区、老旧小区' },
    { path: 'data.propertyCompany.phone', message: '电话格式不正确，请填写手机号或带区号的座机' },
  ]);
  expect(parseInput(compoundInput, { idempotencyKey: key, name: '和平小区', type: '老旧小区', propertyMode: '社区托底', sanwu: true, propertyCompany: null }).address).toBe('');
});

it('a grid: level, repeated buildings', () => {
  expect(issues(gridInput, { idempotencyKey: key, compoundId: 'cp-1', name: '网格', level: 'huge', parentId: null, buildingIds: ['bd-1', 'bd-1'] }).map((i) => i.message)).toEqual(['网格层级只能是大网格或微网格', '覆盖的楼栋不能重复']);
});

it('a central household links 1 to 10 households', () => {
  const many = Array.from({ length: 11 }, (_, i) => `hh-${i}`);
  expect(issues(centralHouseholdInput, { idempotencyKey: key, personId: 'p-1', householdIds: many })[0].message).toBe('联系的住户最多 10 个');
  expect(issues(centralHouseholdInput, { idempotencyKey: key, personId: 'p-1', householdIds: [] })[0].message).toBe('请至少选择 1 户联系户');
});

it('retiring names a kind of node; the tree a known section', () => {
  expect(issues(retireInput, { idempotencyKey: key, kind: 'community', id: 'cm-1' })[0].message).toBe('不支持的节点类型');
  expect(issues(orgTree.input, { section: 'people', communityId: 'cm-1' })[0].message).toBe('不支持的栏目');
  expect(parseInput(orgTree.input, { section: 'households', buildingId: 'bd-1' })).toEqual({ section: 'households', buildingId: 'bd-1', page: 1, includeRetired: false });
});

it('a 五有 item marked done needs a note or a photo', () => {
  expect(issues(orgWuyouSave.input, { idempotencyKey: key, key: 'venue', evidence: { done: true } })).toEqual([{ path: 'data.evidence.text', message: '标为已具备时，请写说明或上传照片作为佐证' }]);
  expect(issues(orgWuyouSave.input, { idempotencyKey: key, key: 'flag', evidence: { done: false } })[0].message).toBe('没有这一项');
});
