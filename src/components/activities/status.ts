/** What an activity's card and page say about it: open for sign-up, full, closed, over. */
interface Facts {
  status: 'open' | 'finished';
  capacity: number;
  taken: number;
  signupDeadline: string;
  endAt: string;
}

export type Phase = 'open' | 'full' | 'closed' | 'ended' | 'finished';

export function phaseOf(a: Facts, now = Date.now()): Phase {
  if (a.status === 'finished') return 'finished';
  if (now > Date.parse(a.endAt)) return 'ended';
  if (now > Date.parse(a.signupDeadline)) return 'closed';
  return a.taken >= a.capacity ? 'full' : 'open';
}

export const PHASE_LABELS: Record<Phase, string> = {
  open: '报名中',
  full: '名额已满，可候补',
  closed: '报名已截止',
  ended: '待组织者结束',
  finished: '已结束',
};

/** 名额 12/30 */
export const seats = (a: Pick<Facts, 'capacity' | 'taken'>) => `名额 ${a.taken}/${a.capacity}`;
