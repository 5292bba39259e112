/**
 * activities.create: staff for the community, a branch secretary for their branch, a team leader
 * for their team. The catalogue item must be active; title and description pass content security
 * (a `review` verdict is refused here: an activity is public at once, there is no holding it).
 */
import { randomBytes } from 'node:crypto';
import { activitiesCreate } from '../../../core/contracts/activities';
import { branchDoc, teamDoc, type PersonDoc } from '../../../core/domain/org-model';
import { hashOf, type Canonical } from '../../../core/domain/points/canonical';
import { activeItem } from '../../../core/domain/points/catalogue';
import { PointsError } from '../../../core/domain/points/ledger';
import { ACTIVITY_COLLECTION, activityDoc, activityId, shortIdOf, type ActivityDoc } from '../../../core/domain/service/activities';
import { isStaffOf } from '../../../core/domain/service/people';
import { AppError, check, checkText, COLLECTIONS, homeCommunity, refuseRisky, route, type Database } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getBook, getDoc } from '../../lib/ledger';
import { activityView, findActivity } from './store';
import type { z } from 'zod';

type Input = z.output<typeof activitiesCreate.input>;

/** The organising node, checked against the caller's roles. */
async function organiserOf(db: Database, person: PersonDoc, communityId: string, o: Input['organiser']): Promise<ActivityDoc['organiser']> {
  const staff = isStaffOf(person, communityId);
  const refuse = (message: string) => new AppError('FORBIDDEN', message);
  if (o.kind === 'community') {
    if (!staff) throw refuse('只有社区工作人员可以以社区名义组织活动');
    return { kind: 'community', id: communityId, name: person.communityName ?? '社区' };
  }
  if (o.kind === 'branch') {
    const branch = await getDoc(db, COLLECTIONS.branches, o.branchId, branchDoc);
    if (!branch || branch.communityId !== communityId || branch.retiredAt !== null) throw new AppError('NOT_FOUND', '没有找到这个支部');
    if (!staff && !person.roles.some((g) => g.role === 'secretary' && g.scope.branchId === branch._id)) throw refuse('只有本支部书记可以以支部名义组织活动');
    return { kind: 'branch', id: branch._id, name: branch.name };
  }
  const team = await getDoc(db, COLLECTIONS.teams, o.teamId, teamDoc);
  if (!team || team.communityId !== communityId || team.retiredAt !== null) throw new AppError('NOT_FOUND', '没有找到这支服务队');
  if (!staff && team.leaderId !== person._id) throw refuse('只有队长可以以服务队名义组织活动');
  return { kind: 'team', id: team._id, name: team.name };
}

async function itemOf(db: Database, communityId: string, code: string): Promise<void> {
  try {
    activeItem(await getBook(db, communityId), code);
  } catch (err) {
    if (!(err instanceof PointsError)) throw err;
    throw new AppError('VALIDATION_ERROR', err.message, [{ path: 'data.itemCode', message: err.message }]);
  }
}

function checkTimes(input: Input, at: Date): void {
  const [start, end, deadline] = [Date.parse(input.startAt), Date.parse(input.endAt), Date.parse(input.signupDeadline)];
  const issue = (path: string, message: string) => new AppError('VALIDATION_ERROR', message, [{ path: `data.${path}`, message }]);
  if (start <= at.getTime()) throw issue('startAt', '开始时间须在现在之后');
  if (end <= start) throw issue('endAt', '结束时间须在开始时间之后');
  if (deadline > start) throw issue('signupDeadline', '报名须在活动开始前截止');
}

export const createRoute = route(activitiesCreate, { access: 'bound' }, async (input, { app, db, person, openid }) => {
  const communityId = homeCommunity(person);
  const at = now();
  checkTimes(input, at);
  const id = activityId(person._id, input.idempotencyKey);
  const { idempotencyKey: _key, ...payload } = input;
  const hash = hashOf(payload as unknown as Canonical);
  const [organiser, , verdict] = await Promise.all([
    organiserOf(db, person, communityId, input.organiser),
    itemOf(db, communityId, input.itemCode),
    checkText(app, { openid, scene: 'forum', title: input.title, content: `${input.title}\n${input.description}` }),
  ]);
  refuseRisky(verdict, '活动内容', 'data.description');
  if (verdict.suggest === 'review') throw new AppError('CONTENT_REJECTED', '活动内容需要人工审核，请修改措辞后再发布', [{ path: 'data.description', message: '请修改措辞后再发布' }]);
  const doc: ActivityDoc = {
    _id: id,
    communityId,
    organiser,
    organiserId: person._id,
    organiserName: person.name,
    title: input.title,
    description: input.description,
    startAt: new Date(input.startAt).toISOString(),
    endAt: new Date(input.endAt).toISOString(),
    place: input.place,
    capacity: input.capacity,
    signupDeadline: new Date(input.signupDeadline).toISOString(),
    compoundIds: input.compoundIds ?? null,
    itemCode: input.itemCode,
    volunteerHours: input.volunteerHours,
    status: 'open',
    taken: 0,
    seatOps: 0,
    recount: false,
    shortId: shortIdOf(id),
    secret: randomBytes(32).toString('hex'),
    summary: null,
    photos: [],
    finishedAt: null,
    createdAt: at.toISOString(),
    requestHash: hash,
    rev: 0,
  };
  try {
    check(await db.collection(ACTIVITY_COLLECTION).add(activityDoc.parse(doc)));
    return activityView(doc, person, null);
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    const existing = await findActivity(db, id);
    if (!existing) throw err;
    if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一个不同的活动，请刷新后重试');
    return activityView(existing, person, null);
  }
});
