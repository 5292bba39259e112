import {
  fileRequest,
  REQUEST_STATES,
  transition,
  type Actor,
  type PersonActor,
  type Request,
  type RequestEvent,
  type RequestEventType,
  type RequestStatus,
} from '../../core/domain/requests/lifecycle';

const NOW = new Date('2026-11-20T02:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

const person = (personId: string, roles: Partial<Omit<PersonActor, 'kind' | 'personId'>> = {}): PersonActor => ({
  kind: 'person',
  personId,
  staffOf: [],
  gridWorkerOf: [],
  leaderOf: [],
  teamOf: [],
  partnerOf: [],
  ...roles,
});

/** Everyone who might try, by letter; the request is in community c1, grid g1, building b1. */
const ACTORS: Record<string, Actor> = {
  R: person('reporter'),
  P: person('proxy'), // the building head who filed it for the reporter
  W: person('worker', { gridWorkerOf: ['g1'] }),
  L: person('leader', { leaderOf: ['b1'] }),
  H: person('handler', { leaderOf: ['b1'] }), // accepted it, in the states after acceptance
  U: person('partnerMember', { partnerOf: ['p1'] }),
  T: person('teamMember', { teamOf: ['t1'] }),
  S: person('staff', { staffOf: ['c1'] }),
  X: person('otherStaff', { staffOf: ['c2'] }),
  N: person('neighbour'),
  O: person('otherWorker', { gridWorkerOf: ['g2'], leaderOf: ['b2'] }),
  Y: { kind: 'system' },
};

function requestIn(status: RequestStatus): Request {
  const accepted = ['accepted', 'in_progress', 'resolved', 'reopened', 'closed'].includes(status);
  return {
    _id: 'req1',
    communityId: 'c1',
    compoundId: 'cp1',
    gridId: 'g1',
    buildingId: 'b1',
    category: 'repair',
    urgency: 'normal',
    reporterId: 'reporter',
    proxyId: 'proxy',
    status,
    assignment: status === 'submitted' ? null : status === 'escalated' ? { kind: 'partner', partnerId: 'p1' } : { kind: 'grid', gridId: 'g1', buildingId: 'b1' },
    handlerId: accepted ? 'handler' : null,
    escalation: status === 'escalated' ? { partnerId: 'p1', reason: '需要供电公司处理', at: daysAgo(2) } : null,
    submittedAt: daysAgo(10),
    clockStartedAt: daysAgo(10),
    acceptedAt: accepted ? daysAgo(9) : null,
    resolvedAt: status === 'resolved' || status === 'closed' ? daysAgo(8) : null,
    closedAt: ['closed', 'withdrawn', 'merged'].includes(status) ? daysAgo(1) : null,
    closure: status === 'closed' ? 'rated' : null,
    rating: status === 'closed' ? { score: 5, comment: '' } : null,
    mergedInto: status === 'merged' ? 'req0' : null,
    timeline: [{ at: daysAgo(10), type: 'route', actorId: null, from: 'submitted', to: 'assigned', detail: {} }],
  };
}

const EVENTS: Record<RequestEventType, RequestEvent> = {
  route: { type: 'route', to: { kind: 'person', personId: 'someone' } },
  accept: { type: 'accept' },
  progress: { type: 'progress', note: '已联系物业', photos: [] },
  resolve: { type: 'resolve', summary: '灯已换好', photos: [] },
  rate: { type: 'rate', score: 5, comment: '很及时' },
  reopen: { type: 'reopen', reason: '灯又不亮了' },
  withdraw: { type: 'withdraw', reason: '已自行解决' },
  merge: { type: 'merge', into: 'req0' },
  escalate: { type: 'escalate', partnerId: 'p1', reason: '需要供电公司处理' },
  consult: { type: 'consult', attendees: ['网格员', '供电所'], outcome: '下周三前更换线路' },
  supervise: { type: 'supervise', level: 1 },
  autoClose: { type: 'autoClose' },
};

/**
 * Who may do what, by state: the letters of ACTORS allowed, '-' where the state refuses the event
 * for everyone. Written from DOMAIN.md and issue 9, independently of lifecycle.ts's own rules.
 */
const MATRIX = `
            submitted  assigned  escalated  accepted  in_progress  resolved  reopened  closed  withdrawn  merged
route       SY         S         S          S         S            -         S         -       -          -
accept      -          WLH       U          -         -            -         -         -       -          -
progress    -          -         -          H         H            -         H         -       -          -
resolve     -          -         -          H         H            -         H         -       -          -
rate        -          -         -          -         -            RP        -         -       -          -
reopen      -          -         -          -         -            RP        -         RP      -          -
withdraw    RP         RP        -          -         -            -         -         -       -          -
merge       S          S         S          S         S            -         S         -       -          -
escalate    WS         WS        WS         WS        WS           -         WS        -       -          -
consult     -          -         SWU        SWH       SWH          -         SWH       -       -          -
supervise   Y          Y         Y          Y         Y            -         Y         -       -          -
autoClose   -          -         -          -         -            Y         -         -       -          -
`;

const TARGET: Record<RequestEventType, RequestStatus | 'same'> = {
  route: 'assigned',
  accept: 'accepted',
  progress: 'in_progress',
  resolve: 'resolved',
  rate: 'closed',
  reopen: 'reopened',
  withdraw: 'withdrawn',
  merge: 'merged',
  escalate: 'escalated',
  consult: 'same',
  supervise: 'same',
  autoClose: 'closed',
};

function parseMatrix(): { event: RequestEventType; status: RequestStatus; allowed: string | null }[] {
  const [header, ...rows] = MATRIX.trim().split('\n').map((l) => l.trim().split(/\s+/));
  expect([...header].sort()).toEqual([...REQUEST_STATES].sort());
  expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(EVENTS).sort());
  return rows.flatMap(([event, ...cells]) =>
    cells.map((cell, i) => ({ event: event as RequestEventType, status: header[i] as RequestStatus, allowed: cell === '-' ? null : cell })),
  );
}

const CHINESE = /[\u4e00-\u9fa5]/;

describe('request lifecycle: every state × every event × every actor', () => {
  const cases = parseMatrix().flatMap((c) => Object.keys(ACTORS).map((letter) => ({ ...c, letter })));

  it('covers the whole product', () => {
    expect(cases).toHaveLength(REQUEST_STATES.length * Object.keys(EVENTS).length * Object.keys(ACTORS).length);
  });

  it.each(cases)('$status + $event by $letter', ({ event, status, allowed, letter }) => {
    const request = requestIn(status);
    const before = structuredClone(request);
    const result = transition(request, EVENTS[event], ACTORS[letter], NOW);
    expect(request).toEqual(before); // never mutates its input

    if (allowed === null) {
      expect(result).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    } else if (!allowed.includes(letter)) {
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } else {
      if (!result.ok) throw new Error(`refused: ${result.message}`);
      const to = TARGET[event] === 'same' ? status : TARGET[event];
      expect(result.request.status).toBe(to);
      expect(result.entry).toMatchObject({ at: NOW.toISOString(), type: event, from: status, to });
      const actor = ACTORS[letter];
      expect(result.entry.actorId).toBe(actor.kind === 'person' ? actor.personId : null);
      // appended, nothing before it changed
      expect(result.request.timeline).toEqual([...before.timeline, result.entry]);
      return;
    }
    if (!result.ok) expect(result.message).toMatch(CHINESE);
  });
});

describe('request lifecycle: what transitions do', () => {
  const ok = (r: ReturnType<typeof transition>) => {
    if (!r.ok) throw new Error(`refused: ${r.message}`);
    return r;
  };

  it('runs the whole loop and keeps every step in the timeline', () => {
    let r: Request = { ...requestIn('submitted'), timeline: [] };
    const steps: [RequestEvent, Actor, Date][] = [
      [{ type: 'route', to: { kind: 'grid', gridId: 'g1', buildingId: 'b1' } }, ACTORS.Y, new Date('2026-11-02T01:00:00Z')],
      [EVENTS.accept, ACTORS.L, new Date('2026-11-02T02:00:00Z')],
      [EVENTS.progress, ACTORS.L, new Date('2026-11-02T03:00:00Z')],
      [EVENTS.resolve, ACTORS.L, new Date('2026-11-03T03:00:00Z')],
      [EVENTS.reopen, ACTORS.R, new Date('2026-11-04T03:00:00Z')],
      [EVENTS.resolve, ACTORS.L, new Date('2026-11-05T03:00:00Z')],
      [{ type: 'rate', score: 4, comment: '好' }, ACTORS.P, new Date('2026-11-05T09:00:00Z')],
    ];
    for (const [event, actor, at] of steps) r = ok(transition(r, event, actor, at)).request;
    expect(r.timeline.map((e) => `${e.from}>${e.to}`)).toEqual([
      'submitted>assigned',
      'assigned>accepted',
      'accepted>in_progress',
      'in_progress>resolved',
      'resolved>reopened',
      'reopened>resolved',
      'resolved>closed',
    ]);
    expect(r).toMatchObject({ handlerId: 'leader', acceptedAt: '2026-11-02T02:00:00.000Z', clockStartedAt: '2026-11-04T03:00:00.000Z', closure: 'rated', rating: { score: 4 } });
  });

  it('lets the first accept win: the second is refused', () => {
    const first = ok(transition(requestIn('assigned'), EVENTS.accept, ACTORS.W, NOW));
    const second = transition(first.request, EVENTS.accept, ACTORS.L, NOW);
    expect(second).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', message: '工单已接单，不能接单' });
    expect(first.request.handlerId).toBe('worker');
  });

  it('accepts by a named person or a member of a named team only', () => {
    const toTeam = { ...requestIn('assigned'), assignment: { kind: 'team' as const, teamId: 't1' } };
    expect(transition(toTeam, EVENTS.accept, ACTORS.T, NOW).ok).toBe(true);
    expect(transition(toTeam, EVENTS.accept, ACTORS.L, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const toPerson = { ...requestIn('assigned'), assignment: { kind: 'person' as const, personId: 'neighbour' } };
    expect(transition(toPerson, EVENTS.accept, ACTORS.N, NOW).ok).toBe(true);
    expect(transition(toPerson, EVENTS.accept, ACTORS.W, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('escalates (吹哨) to a partner unit, whose member accepts and handles it', () => {
    const escalated = ok(transition(requestIn('in_progress'), EVENTS.escalate, ACTORS.W, NOW)).request;
    expect(escalated).toMatchObject({ status: 'escalated', handlerId: null, escalation: { partnerId: 'p1', reason: '需要供电公司处理' } });
    expect(transition(escalated, EVENTS.progress, ACTORS.H, NOW)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    const accepted = ok(transition(escalated, EVENTS.accept, ACTORS.U, NOW)).request;
    expect(accepted.handlerId).toBe('partnerMember');
    expect(ok(transition(accepted, EVENTS.resolve, ACTORS.U, NOW)).request.status).toBe('resolved');
    expect(transition(accepted, EVENTS.resolve, ACTORS.H, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('asks for a return visit on a rating of 3 or less, and for the handler’s points on any rating', () => {
    expect(ok(transition(requestIn('resolved'), { type: 'rate', score: 3, comment: '' }, ACTORS.R, NOW)).effects).toEqual([
      { kind: 'returnVisit' },
      { kind: 'award', personId: 'handler' },
    ]);
    expect(ok(transition(requestIn('resolved'), { type: 'rate', score: 4, comment: '' }, ACTORS.R, NOW)).effects).toEqual([{ kind: 'award', personId: 'handler' }]);
    for (const score of [0, 6, 2.5]) {
      expect(transition(requestIn('resolved'), { type: 'rate', score, comment: '' }, ACTORS.R, NOW)).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('closes an unrated request after 7 days as 未评价, with no points and no earlier', () => {
    const closed = ok(transition(requestIn('resolved'), EVENTS.autoClose, ACTORS.Y, NOW));
    expect(closed.request).toMatchObject({ status: 'closed', closure: 'unrated', rating: null });
    expect(closed.effects).toEqual([]);
    const recent = { ...requestIn('resolved'), resolvedAt: daysAgo(6.9) };
    expect(transition(recent, EVENTS.autoClose, ACTORS.Y, NOW)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
  });

  it('reopens a closed request within 7 days of closing only, restarting the clock', () => {
    const reopened = ok(transition(requestIn('closed'), EVENTS.reopen, ACTORS.R, NOW)).request;
    expect(reopened).toMatchObject({ status: 'reopened', handlerId: 'handler', clockStartedAt: NOW.toISOString(), closure: null, rating: null });
    const old = { ...requestIn('closed'), closedAt: daysAgo(7.1) };
    expect(transition(old, EVENTS.reopen, ACTORS.R, NOW)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
  });

  it('supervises each limit once per level, again after a reopen restarts the clock', () => {
    const once = ok(transition(requestIn('in_progress'), EVENTS.supervise, ACTORS.Y, NOW)).request;
    expect(once.timeline.at(-1)?.detail).toEqual({ stage: 'resolution', level: 1 });
    expect(transition(once, EVENTS.supervise, ACTORS.Y, NOW)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(transition(once, { type: 'supervise', level: 2 }, ACTORS.Y, NOW).ok).toBe(true);
    const later = new Date(NOW.getTime() + 60_000);
    const resolved = ok(transition(once, EVENTS.resolve, ACTORS.H, later)).request;
    const reopened = ok(transition(resolved, EVENTS.reopen, ACTORS.R, later)).request;
    expect(transition(reopened, EVENTS.supervise, ACTORS.Y, later).ok).toBe(true);
    // before acceptance it is the response limit that is supervised
    expect(ok(transition(requestIn('assigned'), EVENTS.supervise, ACTORS.Y, NOW)).entry.detail).toEqual({ stage: 'response', level: 1 });
  });

  it('refuses merging a request into itself', () => {
    expect(transition(requestIn('assigned'), { type: 'merge', into: 'req1' }, ACTORS.S, NOW)).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
  });
});

describe('filing a request', () => {
  const filing = (() => {
    const { status: _s, assignment: _a, handlerId: _h, escalation: _e, submittedAt: _sa, clockStartedAt: _c, acceptedAt: _aa, resolvedAt: _r, closedAt: _cl, closure: _cu, rating: _ra, mergedInto: _m, timeline: _t, ...rest } =
      requestIn('submitted');
    return rest;
  })();

  it('starts the timeline with the filing and routes it to the grid of its location', () => {
    const r = fileRequest(filing, { kind: 'grid', gridId: 'g1', buildingId: 'b1' }, NOW);
    expect(r).toMatchObject({ status: 'assigned', submittedAt: NOW.toISOString(), clockStartedAt: NOW.toISOString(), handlerId: null });
    expect(r.timeline.map((e) => [e.type, e.actorId, e.to])).toEqual([
      ['submit', 'proxy', 'submitted'],
      ['route', null, 'assigned'],
    ]);
  });

  it('leaves a request without a grid for staff to route (待派单)', () => {
    const r = fileRequest({ ...filing, proxyId: null }, null, NOW);
    expect(r.status).toBe('submitted');
    expect(r.timeline).toEqual([{ at: NOW.toISOString(), type: 'submit', actorId: 'reporter', from: 'submitted', to: 'submitted', detail: { proxy: false } }]);
  });
});
