import { DEFAULT_CATEGORIES } from '../../core/domain/requests/categories';
import { fileRequest, transition, type PersonActor, type Request } from '../../core/domain/requests/lifecycle';
import { deadlinesFrom, dueEventsOf, nextCheckOf, overdueLevelOf, projectionsOf, type Scheduled } from '../../core/domain/requests/schedule';

/** an instant given as Shanghai wall-clock time */
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => sh(local).toISOString();

const leader: PersonActor = { kind: 'person', personId: 'leader', staffOf: [], gridWorkerOf: [], leaderOf: ['b1'], teamOf: [], partnerOf: [] };
const reporter: PersonActor = { ...leader, personId: 'reporter', leaderOf: [] };
const system = { kind: 'system' } as const;

/** A repair request filed on Monday 2 November 2026 at 10:00, routed to building b1's grid. */
function filed(at = sh('2026-11-02T10:00:00')): Request & Scheduled {
  const r = fileRequest(
    { _id: 'rq1', communityId: 'c1', compoundId: 'cp1', gridId: 'g1', buildingId: 'b1', category: 'repair', urgency: 'normal', reporterId: 'reporter', proxyId: null },
    { kind: 'grid', gridId: 'g1', buildingId: 'b1' },
    at,
  );
  const { assumedYears: _ignored, ...d } = deadlinesFrom(DEFAULT_CATEGORIES, 'repair', 'normal', at);
  return { ...r, ...d, pendingEffects: [] };
}

function step(r: Request & Scheduled, event: Parameters<typeof transition>[1], actor: Parameters<typeof transition>[2], at: Date): Request & Scheduled {
  const t = transition(r, event, actor, at);
  if (!t.ok) throw new Error(t.message);
  return { ...r, ...t.request };
}

describe('deadlines with a second step', () => {
  it('counts the second limit again from the first deadline, over 调休 and holidays', () => {
    // Wednesday 30 September 2026: 1 working day → end of 8 October (国庆), again → end of 9 October
    const d = deadlinesFrom(DEFAULT_CATEGORIES, 'repair', 'normal', sh('2026-09-30T10:00:00'));
    expect(d.respondBy).toBe(iso('2026-10-09T00:00:00'));
    expect(d.respondEscalateBy).toBe(iso('2026-10-10T00:00:00'));
    // 5 working days: 8, 9, 10 (make-up Saturday), 12, 13 October; then 14–16, 19, 20
    expect(d.resolveBy).toBe(iso('2026-10-14T00:00:00'));
    expect(d.resolveEscalateBy).toBe(iso('2026-10-21T00:00:00'));
  });

  it('counts urgent requests in hours around the clock', () => {
    const d = deadlinesFrom(DEFAULT_CATEGORIES, 'safety_hazard', 'urgent', sh('2026-10-01T23:00:00'));
    expect([d.respondBy, d.respondEscalateBy, d.resolveBy, d.resolveEscalateBy]).toEqual([
      iso('2026-10-02T01:00:00'),
      iso('2026-10-02T03:00:00'),
      iso('2026-10-02T23:00:00'),
      iso('2026-10-03T23:00:00'),
    ]);
  });
});

describe('the sweep\'s schedule', () => {
  it('is due at the response limit, then its second step, then never again while unaccepted', () => {
    let r = filed();
    expect(projectionsOf(r)).toEqual({ open: true, overdueLevel: 0, nextCheckAt: r.respondBy });
    expect(dueEventsOf(r, new Date(Date.parse(r.respondBy) - 1))).toEqual([]);
    expect(dueEventsOf(r, new Date(r.respondBy))).toEqual([{ type: 'supervise', level: 1 }]);

    r = step(r, { type: 'supervise', level: 1 }, system, new Date(r.respondBy));
    expect(projectionsOf(r)).toEqual({ open: true, overdueLevel: 1, nextCheckAt: r.respondEscalateBy });
    expect(dueEventsOf(r, new Date(r.respondBy))).toEqual([]); // once per step

    r = step(r, { type: 'supervise', level: 2 }, system, new Date(r.respondEscalateBy));
    expect(projectionsOf(r)).toEqual({ open: true, overdueLevel: 2, nextCheckAt: null });
  });

  it('jumps straight to the second step when the sweep first looks after both passed', () => {
    const r = filed();
    expect(dueEventsOf(r, new Date(Date.parse(r.respondEscalateBy) + 1000))).toEqual([{ type: 'supervise', level: 2 }]);
  });

  it('switches to the resolution limit once accepted, leaving the response supervision behind', () => {
    let r = filed();
    r = step(r, { type: 'supervise', level: 1 }, system, new Date(r.respondBy));
    r = step(r, { type: 'accept' }, leader, new Date(Date.parse(r.respondBy) + 3_600_000));
    expect(overdueLevelOf(r)).toBe(0);
    expect(nextCheckOf(r)).toBe(r.resolveBy);
    expect(dueEventsOf(r, new Date(r.resolveBy))).toEqual([{ type: 'supervise', level: 1 }]);
  });

  it('closes a resolved request 7 days after resolution, and nothing is due after', () => {
    let r = filed();
    r = step(r, { type: 'accept' }, leader, sh('2026-11-02T11:00:00'));
    r = step(r, { type: 'resolve', summary: '换了灯泡', photos: [] }, leader, sh('2026-11-03T09:00:00'));
    expect(projectionsOf(r)).toEqual({ open: false, overdueLevel: 0, nextCheckAt: iso('2026-11-10T09:00:00') });
    expect(dueEventsOf(r, sh('2026-11-10T08:59:59'))).toEqual([]);
    expect(dueEventsOf(r, sh('2026-11-10T09:00:00'))).toEqual([{ type: 'autoClose' }]);
    r = step(r, { type: 'autoClose' }, system, sh('2026-11-10T09:00:00'));
    expect(projectionsOf(r)).toEqual({ open: false, overdueLevel: 0, nextCheckAt: null });
  });

  it('restarts supervision after a reopen: levels reached before the reopen no longer count', () => {
    let r = filed();
    r = step(r, { type: 'accept' }, leader, sh('2026-11-02T11:00:00'));
    r = step(r, { type: 'supervise', level: 1 }, system, new Date(r.resolveBy));
    r = step(r, { type: 'resolve', summary: '修好了', photos: [] }, leader, new Date(Date.parse(r.resolveBy) + 1000));
    const reopenedAt = new Date(Date.parse(r.resolveBy) + 86_400_000);
    r = step(r, { type: 'reopen', reason: '灯又坏了' }, reporter, reopenedAt);
    const { assumedYears: _ignored, ...d } = deadlinesFrom(DEFAULT_CATEGORIES, 'repair', 'normal', reopenedAt);
    r = { ...r, ...d };
    expect(projectionsOf(r)).toEqual({ open: true, overdueLevel: 0, nextCheckAt: d.resolveBy });
  });

  it('is due at once while effects are pending', () => {
    const r = { ...filed(), pendingEffects: [{ kind: 'returnVisit' }] };
    expect(nextCheckOf(r)).toBe(r.timeline.at(-1)!.at);
  });
});
