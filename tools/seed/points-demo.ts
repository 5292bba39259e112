/**
 * The demo points ledger for the seeded leaders: four months of awards and approved claims up to
 * `now` (a reversal and an adjustment among them), pending and rejected claims, a finalized
 * publication of the month before last and an open one of last month with an objection — all
 * built by core's ledger rules, so the chain verifies.
 */
import type tcb from '@cloudbase/node-sdk';
import dayjs from 'dayjs';
import { planPostings, planReversal, PointsError, type LedgerWrite, type Recipient } from '../../core/domain/points/ledger';
import {
  POINT_COLLECTIONS as C,
  claimId,
  entryId,
  objectionId,
  publicationDocId,
  reversalId,
  type AccountDoc,
  type BookDoc,
  type ClaimDoc,
  type EntryDoc,
  type ObjectionDoc,
  type PublicationDoc,
  type TallyDoc,
} from '../../core/domain/points/model';
import { monthOf, periodLabel, TIME_ZONE } from '../../core/domain/points/periods';
import { freezeRows, rowsHash, windowEnd, DAY_MS } from '../../core/domain/points/publication';
import { hashOf } from '../../core/domain/points/canonical';
import type { PersonDoc } from '../../core/domain/org-model';
import { COMMUNITY_ID, PERSON_IDS, demoData } from './demo';
import { newBook } from './points-catalogue';

type App = ReturnType<typeof tcb.init>;

export interface PointsSeed {
  book: BookDoc;
  entries: EntryDoc[];
  accounts: AccountDoc[];
  tallies: TallyDoc[];
  claims: ClaimDoc[];
  publications: PublicationDoc[];
  objections: ObjectionDoc[];
}

/** A small deterministic PRNG (mulberry32), so the demo is the same on every machine. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const recipientOf = (p: PersonDoc): Recipient => ({
  personId: p._id,
  name: p.name,
  branchId: p.roles.find((g) => g.role === 'leader')?.scope.branchId ?? null,
});

/** The in-memory ledger the seed builds before writing it. */
class Ledger {
  entries: EntryDoc[] = [];
  accounts = new Map<string, AccountDoc>();
  tallies = new Map<string, TallyDoc>();
  constructor(public book: BookDoc) {}
  apply(w: LedgerWrite) {
    this.book = w.book;
    this.entries.push(...w.entries);
    for (const a of w.accounts) this.accounts.set(a.personId, a);
    for (const t of w.tallies) this.tallies.set(t._id, t);
  }
}

export function demoLedger(now: Date): PointsSeed {
  const { snapshot } = demoData();
  const persons = new Map(snapshot.persons.map((p) => [p._id, p]));
  const leaders = snapshot.persons.filter((p) => p.roles.some((g) => g.role === 'leader'));
  const secretary = persons.get(PERSON_IDS.secretary)!;
  const staff = persons.get(PERSON_IDS.staff)!;
  const rand = prng(20261122);
  const start = dayjs(now).tz(TIME_ZONE).startOf('month').subtract(3, 'month');
  const ledger = new Ledger(newBook(COMMUNITY_ID, start.toDate()));
  const claims: ClaimDoc[] = [];
  const publications: PublicationDoc[] = [];
  const objections: ObjectionDoc[] = [];
  const items = ledger.book.items.filter((i) => i.code !== 'BF02' && i.code !== 'ZY03');

  // the events: 3–8 services per leader per month, at a random moment of the month (never after now)
  const events: { at: number; leader: PersonDoc; item: (typeof items)[number] }[] = [];
  for (let month = 0; month < 4; month++) {
    const from = start.add(month, 'month');
    const to = Math.min(from.add(1, 'month').valueOf(), now.getTime() - 3600_000);
    for (const leader of leaders) {
      const n = 3 + Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        const at = from.valueOf() + Math.floor(rand() * (to - from.valueOf()));
        if (at < to) events.push({ at, leader, item: items[Math.floor(rand() * items.length)] });
      }
    }
  }
  events.sort((a, b) => a.at - b.at);

  const lastMonth = monthOf(dayjs(now).tz(TIME_ZONE).subtract(1, 'month').toDate());
  const monthBefore = monthOf(dayjs(now).tz(TIME_ZONE).subtract(2, 'month').toDate());
  const pubTimes = [
    { month: monthBefore, at: dayjs(now).tz(TIME_ZONE).startOf('month').subtract(1, 'month').add(2, 'day').valueOf(), final: true },
    { month: lastMonth, at: now.getTime() - DAY_MS, final: false },
  ];

  const publish = (month: string, at: number, final: boolean) => {
    const standings = [...ledger.tallies.values()].filter((t) => t.periodKey === month).map((t) => ({ personId: t.personId, points: t.points }));
    const names = new Map(leaders.map((p) => [p._id, { name: p.name, consent: p.publicNameConsent }]));
    const rows = freezeRows(standings, ledger.book.grading.month, names);
    const createdAt = new Date(at);
    const id = publicationDocId('community', COMMUNITY_ID, month);
    const hash = rowsHash(rows);
    publications.push({
      _id: id,
      communityId: COMMUNITY_ID,
      title: `幸福里社区${periodLabel(month)}红色近邻长积分排名公示`,
      periodKey: month,
      scope: { type: 'community', id: COMMUNITY_ID, name: '幸福里社区' },
      status: final ? 'final' : 'open',
      createdAt: createdAt.toISOString(),
      windowEndsAt: windowEnd(createdAt, 5),
      finalizedAt: final ? new Date(at + 6 * DAY_MS).toISOString() : null,
      head: ledger.book.head,
      revision: 1,
      revisions: [{ revision: 1, head: ledger.book.head, rowsHash: hash, at: createdAt.toISOString(), note: '发布' }],
      grading: ledger.book.grading.month,
      rows,
      rowCount: rows.length,
      rowsHash: hash,
      openObjections: final ? 0 : 1,
      ops: {},
    });
    if (!final) {
      const objector = persons.get(PERSON_IDS.resident)!;
      objections.push({
        _id: objectionId(id, objector._id, 'seed-objection-1'),
        communityId: COMMUNITY_ID,
        publicationId: id,
        personId: objector._id,
        personName: objector.name,
        text: '我楼栋的近邻长上月组织了两次楼道清理，名单上的积分好像少算了一次，请核实。',
        status: 'open',
        answer: null,
        correctionEntryIds: [],
        createdAt: new Date(at + 3600_000).toISOString(),
        resolvedAt: null,
        idempotencyKey: 'seed-objection-1',
        requestHash: hashOf({ seed: 'objection-1' }),
        resolveKey: null,
        resolveHash: null,
      });
    }
  };

  events.forEach((ev, i) => {
    while (pubTimes.length && pubTimes[0].at <= ev.at) {
      const p = pubTimes.shift()!;
      publish(p.month, p.at, p.final);
    }
    const createdAt = new Date(ev.at).toISOString();
    const key = `seed:${i}`;
    const asClaim = ev.item.approver === 'secretary' && i % 2 === 0;
    const cid = claimId(COMMUNITY_ID, ev.leader._id, key);
    const recipient = recipientOf(ev.leader);
    const current = ledger.accounts.get(ev.leader._id) ?? null;
    try {
      const write = planPostings(
        ledger.book,
        new Map([[ev.leader._id, current]]),
        [
          {
            id: entryId(COMMUNITY_ID, asClaim ? `claim:${cid}:approved` : key, ev.leader._id),
            recipient,
            points: ev.item.points,
            item: ev.item,
            source: asClaim ? { type: 'claim', id: cid } : { type: 'award', id: null },
            reason: null,
            month: monthOf(createdAt),
            idempotencyKey: asClaim ? `claim:${cid}:approved` : key,
            requestHash: hashOf({ seed: key }),
          },
        ],
        asClaim ? secretary._id : staff._id,
        createdAt,
      );
      ledger.apply(write);
      if (asClaim) {
        claims.push({
          _id: cid,
          communityId: COMMUNITY_ID,
          branchId: recipient.branchId,
          personId: ev.leader._id,
          personName: ev.leader.name,
          item: { code: ev.item.code, name: ev.item.name, version: ev.item.version, points: ev.item.points },
          approver: ev.item.approver,
          date: dayjs(ev.at).tz(TIME_ZONE).format('YYYY-MM-DD'),
          note: '',
          photos: ev.item.evidenceRequired ? [`cloud://demo/points/${cid}.jpg`] : [],
          status: 'approved',
          review: { byId: secretary._id, byName: secretary.name, reason: null, at: createdAt, key: `seed-review:${i}`, requestHash: hashOf({ seed: `review:${i}` }) },
          entryId: write.entries[0]._id,
          idempotencyKey: key,
          requestHash: hashOf({ seed: `claim:${i}` }),
          createdAt: new Date(ev.at - 3600_000).toISOString(),
        });
      }
    } catch (err) {
      if (!(err instanceof PointsError)) throw err; // over a cap: that service was not counted
    }
    // one mistaken award is reversed a minute later
    if (i === 10) {
      const original = ledger.entries[ledger.entries.length - 1];
      const write = planReversal(
        ledger.book,
        ledger.accounts.get(original.personId) ?? null,
        { id: reversalId(original._id), original, recipient: recipientOf(persons.get(original.personId)!), reason: '重复录入，予以冲正', idempotencyKey: 'seed-reversal-1', requestHash: hashOf({ seed: 'reversal-1' }) },
        staff._id,
        new Date(ev.at + 60_000).toISOString(),
      );
      ledger.apply(write);
    }
  });
  for (const p of pubTimes) publish(p.month, p.at, p.final);

  // claims still open: one pending for the leader persona, one rejected
  const leader = persons.get(PERSON_IDS.leader)!;
  const other = leaders.find((p) => p._id !== leader._id)!;
  const item = (code: string) => ledger.book.items.find((x) => x.code === code)!;
  const claim = (person: PersonDoc, code: string, key: string, hoursAgo: number, status: 'pending' | 'rejected'): ClaimDoc => {
    const it = item(code);
    const id = claimId(COMMUNITY_ID, person._id, key);
    const at = new Date(now.getTime() - hoursAgo * 3600_000).toISOString();
    return {
      _id: id,
      communityId: COMMUNITY_ID,
      branchId: recipientOf(person).branchId,
      personId: person._id,
      personName: person.name,
      item: { code: it.code, name: it.name, version: it.version, points: it.points },
      approver: it.approver,
      date: dayjs(at).tz(TIME_ZONE).format('YYYY-MM-DD'),
      note: status === 'pending' ? '走访 2 号楼独居老人张奶奶，帮忙联系了上门助浴服务。' : '清理了 5 号楼楼道杂物。',
      photos: [`cloud://demo/points/${id}.jpg`],
      status,
      review:
        status === 'rejected'
          ? { byId: secretary._id, byName: secretary.name, reason: '照片看不清，请补充清理前后的对比照片', at, key: `seed-reject:${key}`, requestHash: hashOf({ seed: key }) }
          : null,
      entryId: null,
      idempotencyKey: key,
      requestHash: hashOf({ seed: `claim:${key}` }),
      createdAt: at,
    };
  };
  claims.push(claim(leader, 'BF01', 'seed-claim-pending', 5, 'pending'), claim(other, 'HJ01', 'seed-claim-rejected', 30, 'rejected'));

  return {
    book: ledger.book,
    entries: ledger.entries,
    accounts: [...ledger.accounts.values()],
    tallies: [...ledger.tallies.values()],
    claims,
    publications,
    objections,
  };
}

const BATCH = 500;

async function insert(app: App, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) await app.database().collection(collection).add(docs.slice(i, i + BATCH));
}

/** Writes the demo points data; does nothing when the community already has a book. */
export async function seedPoints(app: App, now = new Date()): Promise<boolean> {
  const { data } = await app.database().collection(C.books).doc(COMMUNITY_ID).get();
  if (data.length) return false;
  const seed = demoLedger(now);
  await insert(app, C.entries, seed.entries);
  await insert(app, C.accounts, seed.accounts);
  await insert(app, C.tallies, seed.tallies);
  await insert(app, C.claims, seed.claims);
  await insert(app, C.publications, seed.publications);
  await insert(app, C.objections, seed.objections);
  // last: its presence marks the points data as seeded
  await insert(app, C.books, [seed.book]);
  return true;
}
