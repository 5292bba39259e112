/**
 * notices.subscribe: the resident accepted WeChat's subscribe prompt (in a tap) for some categories;
 * each is one grant, counted on their grants document with where they live (the fan-out's scope
 * match). notices.grants: the template to ask for and the grants held.
 */
import { noticesGrants, noticesSubscribe } from '../../../core/contracts/notices';
import type { NoticeCategory } from '../../../core/domain/notices/blocks';
import { grantDoc, NO_GRANTS, NOTICE_GRANTS_COLLECTION, type GrantCounts, type GrantDoc } from '../../../core/domain/notices/fanout';
import { audienceKeysOf } from '../../../core/domain/notices/model';
import { AppError, check, config, homeCommunity, route } from '../../lib';
import { now } from '../../lib/clock';
import { isDuplicate } from '../../lib/db-errors';
import { getDoc } from '../../lib/ledger';

const NOT_OFFERED = '社区还没有开通公告提醒';

const countsOf = (doc: GrantDoc | null): GrantCounts => ({ ...NO_GRANTS, ...doc?.counts });

export const subscribeRoute = route(noticesSubscribe, { access: 'bound' }, async ({ categories }, { db, person, openid }) => {
  const templateId = config().subscribeTemplates.notice;
  if (!templateId) throw new AppError('PRECONDITION_FAILED', NOT_OFFERED);
  const communityId = homeCommunity(person);
  const grants = db.collection(NOTICE_GRANTS_COLLECTION);
  const _ = db.command;
  const fresh = { communityId, openid, keys: _.set(audienceKeysOf(person)), updatedAt: now().toISOString() };
  const add = async (): Promise<boolean> => {
    const counts = Object.fromEntries(Object.keys(NO_GRANTS).map((c) => [c, categories.includes(c as NoticeCategory) ? 1 : 0]));
    try {
      check(await grants.add({ _id: person._id, ...fresh, keys: audienceKeysOf(person), counts, total: categories.length }));
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false; // a concurrent first subscribe: add to it instead
      throw err;
    }
  };
  const increment = Object.fromEntries(categories.map((c) => [`counts.${c}`, _.inc(1)]));
  const res = await grants.doc(person._id).update({ ...fresh, ...increment, total: _.inc(categories.length) });
  if (!res.updated && !(await add())) await grants.doc(person._id).update({ ...fresh, ...increment, total: _.inc(categories.length) });
  return { templateId, counts: countsOf(await getDoc(db, NOTICE_GRANTS_COLLECTION, person._id, grantDoc)) };
});

export const grantsRoute = route(noticesGrants, { access: 'bound' }, async (_input, { db, person }) => ({
  templateId: config().subscribeTemplates.notice,
  counts: countsOf(await getDoc(db, NOTICE_GRANTS_COLLECTION, person._id, grantDoc)),
}));
