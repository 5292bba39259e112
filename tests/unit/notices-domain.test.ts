/** Notices' pure rules: audience keys, the content check's parts, the official-account steps, subscribe messages. */
import { grantToSpend, noticeMessageData } from '../../core/domain/notices/fanout';
import { audienceKeysOf, newMpSync, scopeKeys, sortRank } from '../../core/domain/notices/model';
import { checkParts, rejectionMessage, worst } from '../../core/domain/notices/moderation';
import { nextMpStep } from '../../core/domain/notices/official-account';
import type { Block } from '../../core/domain/notices/blocks';
import type { PersonDoc } from '../../core/domain/org-model';

const resident = {
  _id: 'p-1',
  communityId: 'cm-1',
  compoundId: 'cp-1',
  buildingId: 'bd-1',
  roles: [
    { role: 'resident', scope: { communityId: 'cm-1', compoundId: 'cp-1' }, scopeLabel: '' },
    { role: 'leader', scope: { communityId: 'cm-1', compoundId: 'cp-2', buildingIds: ['bd-7'] }, scopeLabel: '' },
    { role: 'grid_worker', scope: { communityId: 'cm-1', compoundId: 'cp-2', gridId: 'gd-9' }, scopeLabel: '' },
  ],
} as unknown as PersonDoc;

describe('audience keys', () => {
  it("a person's keys: home, the places their roles cover, their roles in the community", () => {
    expect(audienceKeysOf(resident).sort()).toEqual(
      ['person:p-1', 'community:cm-1', 'compound:cp-1', 'building:bd-1', 'role:cm-1:resident', 'role:cm-1:leader', 'compound:cp-2', 'building:bd-7', 'role:cm-1:grid_worker', 'grid:gd-9'].sort(),
    );
  });

  it("a scope's keys meet a person's only where the scope reaches them", () => {
    const meets = (keys: string[]) => keys.some((k) => audienceKeysOf(resident).includes(k));
    expect(meets(scopeKeys({ communityId: 'cm-1' }))).toBe(true);
    expect(meets(scopeKeys({ communityId: 'cm-2' }))).toBe(false);
    expect(meets(scopeKeys({ communityId: 'cm-1', compounds: ['cp-3'] }))).toBe(false);
    expect(meets(scopeKeys({ communityId: 'cm-1', grids: [{ id: 'gd-1', buildingIds: ['bd-1'] }] }))).toBe(true);
    expect(meets(scopeKeys({ communityId: 'cm-1', grids: [{ id: 'gd-2', buildingIds: ['bd-2'] }] }))).toBe(false);
    expect(meets(scopeKeys({ communityId: 'cm-1', teams: [{ memberIds: ['p-2'], leaderId: 'p-1' }] }))).toBe(true);
    expect(meets(scopeKeys({ communityId: 'cm-1', roles: ['secretary'] }))).toBe(false);
    expect(meets(scopeKeys({ communityId: 'cm-2', roles: ['leader'] }))).toBe(false);
  });

  it('orders pinned, then 应急, then the rest', () => {
    expect([sortRank(true, 'notice'), sortRank(false, 'emergency'), sortRank(false, 'policy')]).toEqual([2, 1, 0]);
  });
});

describe('content check parts', () => {
  const blocks = (text: string): Block[] => [{ type: 'paragraph', runs: [{ text }] }];
  it('splits title, digest and body into parts of at most 2,500 characters (code points)', () => {
    const parts = checkParts({ title: '标题', digest: '', blocks: blocks('𠀀'.repeat(5000)) });
    expect(parts.map((p) => [...p].length)).toEqual([2500, 2500, 3]);
    expect(parts.join('')).toBe(`标题\n${'𠀀'.repeat(5000)}`);
  });
  it('takes the worst verdict and names the reason', () => {
    expect(worst([{ suggest: 'pass' }, { suggest: 'risky' }, { suggest: 'review' }]).suggest).toBe('risky');
    expect(rejectionMessage(20008)).toContain('欺诈');
    expect(rejectionMessage(99999)).toContain('其他');
  });
});

describe('official-account steps', () => {
  const image: Block = { type: 'image', fileId: 'cloud://e/notices/p/a.png' };
  const base = { state: 'published' as const, blocks: [image], mp: newMpSync('2026-01-01T00:00:00.000Z') };
  it('goes image → cover → draft → submit → poll, from what is stored', () => {
    expect(nextMpStep(base)).toEqual({ step: 'image', fileId: image.fileId });
    const mp = { ...base.mp, images: [{ fileId: image.fileId, url: 'u' }] };
    expect(nextMpStep({ ...base, mp }).step).toBe('cover');
    expect(nextMpStep({ ...base, mp: { ...mp, coverMediaId: 'c' } }).step).toBe('draft');
    expect(nextMpStep({ ...base, mp: { ...mp, coverMediaId: 'c', draftMediaId: 'd' } }).step).toBe('submit');
    expect(nextMpStep({ ...base, mp: { ...mp, coverMediaId: 'c', draftMediaId: 'd', publishId: '1', submitStartedAt: 'x' } }).step).toBe('poll');
  });
  it('never submits again once a submit was started without its answer', () => {
    const mp = { ...base.mp, images: [{ fileId: image.fileId, url: 'u' }], coverMediaId: 'c', draftMediaId: 'd', submitStartedAt: 'x' };
    expect(nextMpStep({ ...base, mp }).step).toBe('uncertain');
    expect(nextMpStep({ ...base, state: 'withdrawn', mp }).step).toBe('uncertain');
  });
  it('after a withdrawal: delete a published article, poll one still publishing, cancel when nothing went out', () => {
    expect(nextMpStep({ ...base, state: 'withdrawn', mp: { ...base.mp, status: 'published', publishId: '1', articleId: 'a' } }).step).toBe('delete');
    expect(nextMpStep({ ...base, state: 'withdrawn', mp: { ...base.mp, publishId: '1', submitStartedAt: 'x' } }).step).toBe('poll');
    expect(nextMpStep({ ...base, state: 'withdrawn' }).step).toBe('cancel');
    expect(nextMpStep({ ...base, mp: { ...base.mp, status: 'failed' } }).step).toBe('done');
  });
});

describe('subscribe messages', () => {
  it('spends the category grant; 应急 spends its own first, else the largest other', () => {
    expect(grantToSpend('notice', { notice: 1, activity: 0, policy: 0, emergency: 3 })).toBe('notice');
    expect(grantToSpend('activity', { notice: 1, activity: 0, policy: 0, emergency: 3 })).toBeNull();
    expect(grantToSpend('emergency', { notice: 1, activity: 0, policy: 0, emergency: 3 })).toBe('emergency');
    expect(grantToSpend('emergency', { notice: 1, activity: 0, policy: 2, emergency: 0 })).toBe('policy');
    expect(grantToSpend('emergency', { notice: 0, activity: 0, policy: 0, emergency: 0 })).toBeNull();
  });
  it("fits WeChat's keyword limits, in Shanghai time", () => {
    expect(noticeMessageData({ title: '一'.repeat(25), category: 'emergency', publishedAt: '2026-12-01T16:30:00.000Z' })).toEqual({
      thing1: `${'一'.repeat(19)}…`,
      phrase2: '应急通知',
      time3: '2026-12-02 00:30',
    });
  });
});
