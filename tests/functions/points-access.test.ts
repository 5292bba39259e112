/**
 * The authorisation table of the points function: every action × every role, in and out of scope,
 * through the real local cloud. Each cell is what the caller gets: `ok` or the error code.
 */
import type { TestCloud } from '../helpers/localcloud';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { PERSON_IDS } from '../../tools/seed/demo';
import { POINT_COLLECTIONS as C } from '../../core/domain/points/model';
import type { ErrorCode } from '../../core/contracts/common';
import { DEFAULT_GRADING } from '../../core/domain/points/ranking';
import { addPerson, key, ok, pointsCloud, thisMonth, today, uploadAs } from './points-fixture';
import { functionsWithEnv } from '../helpers/function-env';

const CID = 'cm-xingfuli';
const CALLERS = {
  noUser: undefined, // a client call with no WeChat user in the context
  visitor: P.visitor,
  resident: P.resident,
  leader: P.leader,
  gridWorker: P.gridWorker,
  secretary: P.secretary, // of 和平小区党支部, the leader's branch
  otherSecretary: 'demo-p-018', // of the other branch
  staff: P.staff,
  admin: P.admin,
  otherStaff: 'other-staff', // staff of another community
} as const;
type Caller = keyof typeof CALLERS;
type Outcome = 'ok' | ErrorCode;

let t: TestCloud;
let functions: ReturnType<typeof functionsWithEnv>;
let openPublication: string;
const pastYear = new Date().getFullYear() - 1;
let periodCounter = 0;
/** a distinct period that has begun, for publications made in the table */
const pastPeriod = () => {
  const n = periodCounter++;
  return `${pastYear - Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

beforeAll(async () => {
  // the table has the resident object once per caller: more than a person may in a day (10)
  functions = functionsWithEnv({ RATE_LIMIT_OBJECTION: '100/1d' });
  t = await pointsCloud({ functionsDir: functions.dir });
  await addPerson(t, { id: 'p-other-staff', name: '外社区', openid: 'other-staff', communityId: 'cm-other', roles: [{ role: 'staff', scope: { communityId: 'cm-other' }, scopeLabel: '其他社区' }] });
  const { data } = await t.app.database().collection(C.publications).where({ communityId: CID }).orderBy('createdAt', 'desc').limit(1).get();
  openPublication = data[0]._id;
}, 120_000);
afterAll(async () => {
  await t?.close();
  functions?.remove();
});

const everyone = (outcome: Outcome): Partial<Record<Caller, Outcome>> =>
  Object.fromEntries((Object.keys(CALLERS) as Caller[]).filter((c) => c !== 'noUser' && c !== 'visitor').map((c) => [c, outcome]));
const members = (outcome: Outcome) => ({ ...everyone(outcome), otherStaff: 'FORBIDDEN' as const });
const staffOnly = { staff: 'ok', admin: 'ok' } as const;

interface Row {
  action: string;
  /** the input for this caller (may prepare state first) */
  input(caller: Caller): Promise<unknown> | unknown;
  expect: Partial<Record<Caller, Outcome>>;
}

const claimByLeader = async () =>
  (await ok<{ id: string }>(t, 'points.claim.submit', { idempotencyKey: key('claim'), itemCode: 'ZY02', date: today(), note: '参加主题党日' }, P.leader)).id;
const adjustment = async () =>
  (await ok<{ entries: { id: string }[] }>(t, 'points.award', { kind: 'adjustment', idempotencyKey: key('adj'), personIds: ['p-008'], points: 2, reason: '表格测试' }, P.staff)).entries[0].id;

const TABLE: Row[] = [
  { action: 'points.rules.list', input: () => ({ communityId: CID }), expect: members('ok') },
  {
    action: 'points.rules.upsert',
    input: () => ({ idempotencyKey: key(), communityId: CID, item: { code: 'ZY02', categoryCode: 'ZY', name: '参加主题党日', points: 3, cap: { period: 'month', count: 4 }, evidenceRequired: false, approver: 'secretary', active: true } }),
    expect: staffOnly,
  },
  { action: 'points.grading.upsert', input: () => ({ idempotencyKey: key(), communityId: CID, grading: DEFAULT_GRADING }), expect: staffOnly },
  { action: 'points.claim.submit', input: () => ({ idempotencyKey: key(), itemCode: 'ZY02', date: today(), note: '' }), expect: { leader: 'ok' } },
  {
    action: 'points.claim.review',
    input: async () => ({ idempotencyKey: key(), claimId: await claimByLeader(), decision: 'reject', reason: '表格测试驳回' }),
    expect: { secretary: 'ok', staff: 'ok', admin: 'ok' },
  },
  { action: 'points.claim.list', input: () => ({ box: 'pending' }), expect: { secretary: 'ok', otherSecretary: 'ok', staff: 'ok', admin: 'ok', otherStaff: 'ok' } },
  { action: 'points.claim.list', input: () => ({ box: 'mine' }), expect: everyone('ok') },
  { action: 'points.award', input: () => ({ kind: 'adjustment', idempotencyKey: key(), personIds: [PERSON_IDS.leader], points: 1, reason: '表格测试' }), expect: staffOnly },
  { action: 'points.reverse', input: async () => ({ idempotencyKey: key(), entryId: await adjustment(), reason: '表格测试' }), expect: staffOnly },
  { action: 'points.balance', input: () => ({ personId: PERSON_IDS.leader }), expect: { leader: 'ok', secretary: 'ok', staff: 'ok', admin: 'ok' } },
  { action: 'points.history', input: () => ({ personId: PERSON_IDS.leader }), expect: { leader: 'ok', secretary: 'ok', staff: 'ok', admin: 'ok' } },
  // the other community has no points book yet
  { action: 'points.balance', input: () => ({}), expect: { ...everyone('ok'), otherStaff: 'NOT_FOUND' } },
  { action: 'points.ranking', input: () => ({ scope: 'community', scopeId: CID }), expect: members('ok') },
  { action: 'points.ranking', input: () => ({ scope: 'branch', scopeId: 'br-heping' }), expect: members('ok') },
  { action: 'points.publication.list', input: () => ({ communityId: CID }), expect: members('ok') },
  { action: 'points.publication.get', input: () => ({ publicationId: openPublication }), expect: members('ok') },
  { action: 'points.publication.object', input: () => ({ idempotencyKey: key(), publicationId: openPublication, text: '表格测试提出的异议' }), expect: members('ok') },
  { action: 'points.publication.objections', input: () => ({ publicationId: openPublication }), expect: members('ok') },
  {
    action: 'points.publication.moderate',
    // an objection the content check held for staff (stored directly: the objection limit is per day)
    input: async () => {
      const id = `o_held_${key()}`;
      await t.app.database().collection(C.objections).add({
        _id: id, communityId: CID, publicationId: openPublication, personId: PERSON_IDS.resident, personName: '李秀兰', text: '表格测试：待审核的异议',
        status: 'held', answer: null, correctionEntryIds: [], createdAt: new Date().toISOString(), resolvedAt: null,
        idempotencyKey: id, requestHash: id, resolveKey: null, resolveHash: null,
      });
      return { idempotencyKey: key(), objectionId: id, decision: 'release' };
    },
    expect: staffOnly,
  },
  {
    action: 'points.publication.create',
    input: () => ({ idempotencyKey: key(), period: pastPeriod(), scope: 'branch', scopeId: 'br-heping' }),
    expect: staffOnly,
  },
  {
    action: 'points.publication.resolve',
    input: async () => ({
      idempotencyKey: key(),
      objectionId: (await ok<{ id: string }>(t, 'points.publication.object', { idempotencyKey: key(), publicationId: openPublication, text: '请核实我楼栋近邻长的积分' }, P.resident)).id,
      answer: '已核实，积分无误',
    }),
    expect: staffOnly,
  },
  {
    action: 'points.publication.finalize',
    input: async () => {
      const pub = await ok<{ id: string }>(t, 'points.publication.create', { idempotencyKey: key(), period: pastPeriod(), scope: 'community' }, P.staff);
      // the notice window has passed
      await t.app.database().collection(C.publications).doc(pub.id).update({ windowEndsAt: new Date(Date.now() - 1000).toISOString() });
      return { idempotencyKey: key(), publicationId: pub.id };
    },
    expect: staffOnly,
  },
  { action: 'points.verify', input: () => ({ communityId: CID }), expect: members('ok') },
  { action: 'points.verify', input: () => ({ communityId: CID, full: true }), expect: staffOnly },
  { action: 'points.verify', input: () => ({ publicationId: openPublication }), expect: members('ok') },
];

/** What a caller not listed in a row gets. */
function fallback(caller: Caller): Outcome {
  if (caller === 'noUser' || caller === 'visitor') return 'UNAUTHENTICATED';
  return 'FORBIDDEN';
}

describe('every action × every role', () => {
  it.each(TABLE.map((row, i) => [`${row.action} #${i}`, row] as const))('%s', async (_, row) => {
    const got: Record<string, Outcome> = {};
    const want: Record<string, Outcome> = {};
    for (const caller of Object.keys(CALLERS) as Caller[]) {
      const expected = row.expect[caller] ?? fallback(caller);
      // prepare state only where the call is expected to get through
      const input = expected === 'ok' ? await row.input(caller) : await Promise.resolve(row.input(caller)).catch(() => ({}));
      const res = await t.call(row.action, input, CALLERS[caller]);
      got[caller] = res.ok ? 'ok' : res.error.code;
      want[caller] = expected;
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(got).toEqual(want);
  }, 300_000);
});

describe('scope rules that need their own setup', () => {
  it('a leader who is also the secretary cannot approve their own claim', async () => {
    await addPerson(t, {
      id: 'p-dual',
      name: '双重身份',
      openid: 'dual',
      communityId: CID,
      roles: [
        { role: 'leader', scope: { communityId: CID, branchId: 'br-heping' }, scopeLabel: '和平小区党支部' },
        { role: 'secretary', scope: { communityId: CID, branchId: 'br-heping' }, scopeLabel: '和平小区党支部' },
      ],
    });
    const claim = await ok<{ id: string }>(t, 'points.claim.submit', { idempotencyKey: key(), itemCode: 'ZY02', date: today() }, 'dual');
    const res = await t.call('points.claim.review', { idempotencyKey: key(), claimId: claim.id, decision: 'approve' }, 'dual');
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不能审核自己的申报' } });
  });

  it('a secretary cannot review a claim that needs community staff', async () => {
    // TJ04 (化解重大矛盾纠纷) is approved by staff
    const photo = await uploadAs(t, P.leader, `claims/${PERSON_IDS.leader}/${thisMonth()}/tj04.png`);
    const claim = await ok<{ id: string }>(t, 'points.claim.submit', { idempotencyKey: key(), itemCode: 'TJ04', date: today(), photos: [photo] }, P.leader);
    const res = await t.call('points.claim.review', { idempotencyKey: key(), claimId: claim.id, decision: 'approve' }, P.secretary);
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '这项申报需由社区工作人员审核' } });
  });
});
