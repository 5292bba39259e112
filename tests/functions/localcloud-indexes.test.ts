/**
 * Declared indexes serve queries (the number of documents examined shows it) and, with a
 * threshold set, a query no index serves on a large collection fails as it would be slow on CloudBase.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import fc from 'fast-check';
import { compare as mingoCompare } from 'mingo/util';
import { loadDeclarations } from '../../tools/localcloud/db/declarations';
import { Index } from '../../tools/localcloud/db/indexes';
import { resetStats, startTestCloud, stats, tempDir, type TestCloud } from '../helpers/localcloud';

jest.setTimeout(30_000);
const N = 2000;
const COMMUNITIES = ['c0', 'c1', 'c2', 'c3'];
let t: TestCloud;
let declDir: string;
let dataDir: string;

const ledger = Array.from({ length: N }, (_, i) => ({
  _id: `e${i}`,
  communityId: COMMUNITIES[i % 4],
  openid: `o${i % 50}`,
  total: (i * 7919) % 1000,
  at: new Date(1_700_000_000_000 + i * 1000),
  note: `n${i % 3}`,
  tags: [`t${i % 5}`, `t${(i + 1) % 5}`],
}));

function declare(dir: string, decl: unknown): void {
  fs.writeFileSync(path.join(dir, `${(decl as { name: string }).name}.json`), JSON.stringify(decl));
}

async function examined<T>(run: () => Promise<T>): Promise<{ result: T; examined: number }> {
  await resetStats(t);
  const result = await run();
  return { result, examined: (await stats(t)).docsExamined };
}
async function codeOf(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
    return {};
  } catch (err) {
    return err as { code?: string; message?: string };
  }
}

const db = () => t.app.database();

beforeAll(async () => {
  declDir = tempDir('decl');
  dataDir = tempDir('idx');
  declare(declDir, {
    name: 'ledger',
    indexes: [
      { name: 'community_total', keys: [{ field: 'communityId', direction: 1 }, { field: 'total', direction: -1 }] },
      { name: 'community_at', keys: [{ field: 'communityId', direction: 1 }, { field: 'at', direction: 1 }] },
      { name: 'openid_1', keys: [{ field: 'openid', direction: 1 }] },
      { name: 'tags_1', keys: [{ field: 'tags', direction: 1 }] },
    ],
  });
  declare(declDir, { name: 'small', indexes: [] });
  declare(declDir, {
    name: 'indexed',
    indexes: [
      { name: 'a_b', keys: [{ field: 'a', direction: 1 }, { field: 'b', direction: -1 }] },
      { name: 'b_1', keys: [{ field: 'b', direction: 1 }] },
      { name: 'tags_1', keys: [{ field: 'tags', direction: 1 }] },
    ],
  });
  t = await startTestCloud({ declarationsDir: declDir, dataDir, devGateway: null, unindexedQueryThreshold: 100 });
  for (let i = 0; i < N; i += 500) await db().collection('ledger').add(ledger.slice(i, i + 500));
  await db().collection('small').add([{ a: 1 }, { a: 2 }]);
});

afterAll(async () => {
  await t.close();
  for (const d of [declDir, dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

const byTotalDesc = (c: string) =>
  ledger
    .filter((e) => e.communityId === c)
    .sort((a, b) => b.total - a.total || (a._id < b._id ? -1 : 1))
    .map((e) => e.total);

describe('the planner uses declared indexes', () => {
  test('a ranking page (equality + indexed sort + limit) examines only the page', async () => {
    const { result, examined: n } = await examined(() =>
      db().collection('ledger').where({ communityId: 'c1' }).orderBy('total', 'desc').limit(20).get(),
    );
    expect(result.data.map((d: { total: number }) => d.total)).toEqual(byTotalDesc('c1').slice(0, 20));
    expect(n).toBe(20);
    // the other direction walks the index backwards; skip is served from the index too
    const asc = await examined(() => db().collection('ledger').where({ communityId: 'c2' }).orderBy('total', 'asc').skip(5).limit(10).get());
    expect(asc.result.data.map((d: { total: number }) => d.total)).toEqual([...byTotalDesc('c2')].reverse().slice(5, 15));
    expect(asc.examined).toBe(15);
  });

  test('equality on a key examines only the matches', async () => {
    const { result, examined: n } = await examined(() => db().collection('ledger').where({ openid: 'o7' }).limit(1000).get());
    expect(result.data).toHaveLength(N / 50);
    expect(n).toBe(N / 50);
  });

  test('a range on the key after an equality prefix', async () => {
    const _ = db().command;
    const from = new Date(1_700_000_000_000 + 100_000);
    const to = new Date(1_700_000_000_000 + 200_000);
    const { result, examined: n } = await examined(() =>
      db().collection('ledger').where({ communityId: 'c3', at: _.gte(from).and(_.lt(to)) }).orderBy('at', 'asc').get(),
    );
    const expected = ledger.filter((e) => e.communityId === 'c3' && e.at >= from && e.at < to).map((e) => e._id);
    expect(result.data.map((d: { _id: string }) => d._id)).toEqual(expected);
    expect(n).toBe(expected.length);
  });

  test('$in, point reads by _id, multikey arrays, count and indexed $or', async () => {
    const _ = db().command;
    const inRes = await examined(() => db().collection('ledger').where({ communityId: _.in(['c0', 'c1']), total: _.gt(990) }).get());
    const expected = ledger.filter((e) => ['c0', 'c1'].includes(e.communityId) && e.total > 990);
    expect(inRes.result.data.map((d: { _id: string }) => d._id).sort()).toEqual(expected.map((e) => e._id).sort());
    expect(inRes.examined).toBe(expected.length);

    const point = await examined(() => db().collection('ledger').doc('e42').get());
    expect(point.result.data[0]._id).toBe('e42');
    expect(point.examined).toBe(1);

    const tagged = await examined(() => db().collection('ledger').where({ tags: 't3' }).count());
    expect(tagged.result.total).toBe(ledger.filter((e) => e.tags.includes('t3')).length);
    expect(tagged.examined).toBe(tagged.result.total);

    const or = await examined(() => db().collection('ledger').where(_.or([{ openid: 'o1' }, { openid: 'o2' }])).count());
    expect(or.result.total).toBe((2 * N) / 50);
    expect(or.examined).toBe((2 * N) / 50);
  });

  test('the first $match of an aggregation uses the index', async () => {
    const $ = db().command.aggregate;
    const { result, examined: n } = await examined(() =>
      db().collection('ledger').aggregate().match({ openid: 'o3' }).group({ _id: '$communityId', sum: $.sum('$total') }).end(),
    );
    expect(result.data.length).toBeGreaterThan(0);
    expect(n).toBe(N / 50);
  });

  test('an aggregation page sorted by an index examines only the page, and its $lookup uses an index', async () => {
    const { result, examined: n } = await examined(() =>
      db()
        .collection('ledger')
        .aggregate()
        .match({ communityId: 'c1' })
        .sort({ total: -1 })
        .skip(20)
        .limit(10)
        .lookup({ from: 'ledger', localField: 'openid', foreignField: 'openid', as: 'same' })
        .end(),
    );
    const rows = result.data as { total: number; openid: string; same: unknown[] }[];
    const byTotal = ledger.filter((d) => d.communityId === 'c1').sort((a, b) => b.total - a.total || (a._id < b._id ? -1 : 1));
    expect(rows.map((r) => r.total)).toEqual(byTotal.slice(20, 30).map((d) => d.total));
    expect(rows.every((r) => r.same.length === N / 50)).toBe(true);
    expect(n).toBe(30 + 10 * (N / 50)); // the page, then each row's lookup through openid_1
  });

  test('a leading inclusion $project runs with the query and answers as the stage would', async () => {
    const $ = db().command.aggregate;
    const run = (project: Record<string, unknown>) =>
      db().collection('ledger').aggregate().match({ communityId: 'c2' }).sort({ total: 1 }).limit(5).project(project).group({ _id: '$note', n: $.sum(1), top: $.max('$total'), at: $.max('$at') }).sort({ _id: 1 }).end();
    const pushed = (await run({ note: 1, total: true, at: 1 })).data;
    // an expression keeps the stage in mingo: the same answer either way
    const staged = (await run({ note: 1, total: 1, at: 1, same: '$note' })).data;
    expect(pushed).toEqual(staged);
    const c2 = ledger.filter((d) => d.communityId === 'c2').sort((a, b) => a.total - b.total || (a._id < b._id ? -1 : 1)).slice(0, 5);
    expect((pushed as { n: number }[]).reduce((sum, g) => sum + g.n, 0)).toBe(5);
    expect(Math.max(...(pushed as { top: number }[]).map((g) => g.top))).toBe(c2[4].total);
    const fields = (await db().collection('ledger').aggregate().match({ _id: 'e7' }).project({ total: 1, tags: 1 }).end()).data;
    expect(fields).toEqual([{ _id: 'e7', total: ledger[7].total, tags: ledger[7].tags }]);
  });
});

describe('unindexed queries over the threshold fail', () => {
  test('get, count, update, remove, aggregate and sort', async () => {
    const _ = db().command;
    const coll = db().collection('ledger');
    const get = await codeOf(coll.where({ note: 'n1' }).get());
    expect(get.code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect(get.message).toContain('ledger');
    expect(get.message).toContain('note');
    expect((await codeOf(coll.where({ note: 'n1' }).count())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect((await codeOf(coll.where({ note: 'n1' }).update({ seen: true }))).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect((await codeOf(coll.where({ total: _.gt(5) }).remove())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect((await codeOf(coll.aggregate().match({ note: 'n2' }).end())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect((await codeOf(coll.orderBy('note', 'asc').get())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    const lookup = db().collection('small').aggregate().lookup({ from: 'ledger', localField: 'a', foreignField: 'note', as: 'notes' });
    expect((await codeOf(lookup.end())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    expect((await codeOf(coll.where(_.or([{ openid: 'o1' }, { note: 'n1' }])).get())).code).toBe('LOCALCLOUD_UNINDEXED_QUERY');
    // nothing was written by the refused update
    expect((await coll.where({ openid: 'o1', seen: true }).count()).total).toBe(0);
  });

  test('small collections and indexed queries are fine', async () => {
    expect((await db().collection('small').where({ a: 2 }).get()).data).toHaveLength(1);
    expect((await db().collection('ledger').where({ openid: 'o1', note: 'n1' }).count()).total).toBeGreaterThan(0);
    expect((await db().collection('ledger').limit(5).get()).data).toHaveLength(5);
  });
});

test('indexes are rebuilt on restart', async () => {
  await t.close();
  t = await startTestCloud({ declarationsDir: declDir, dataDir, devGateway: null, unindexedQueryThreshold: 100 });
  const { result, examined: n } = await examined(() =>
    db().collection('ledger').where({ communityId: 'c0' }).orderBy('total', 'desc').limit(20).get(),
  );
  expect(result.data.map((d: { total: number }) => d.total)).toEqual(byTotalDesc('c0').slice(0, 20));
  expect(n).toBe(20);
});

describe('declarations', () => {
  test('a bad declaration names its file and the problem', () => {
    const dir = tempDir('baddecl');
    try {
      declare(dir, { name: 'ok', indexes: [{ name: 'a_1', keys: [{ field: 'a', direction: 1 }] }], rules: { read: true, write: false } });
      expect(loadDeclarations(dir)).toEqual([
        { name: 'ok', indexes: [{ name: 'a_1', keys: [{ field: 'a', direction: 1 }], unique: false }], rules: { read: true, write: false } },
      ]);
      declare(dir, { name: 'bad', indexes: [{ name: 'x', keys: [{ field: 'a', direction: 2 }] }] });
      expect(() => loadDeclarations(dir)).toThrow(/bad\.json[\s\S]*direction/);
      fs.rmSync(path.join(dir, 'bad.json'));
      fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ name: 'mismatch' }));
      expect(() => loadDeclarations(dir)).toThrow(/other\.json.*mismatch\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the repository declarations are valid', () => {
    expect(loadDeclarations(path.resolve(__dirname, '../../database')).length).toBeGreaterThan(0);
  });
});

describe('index order and plans agree with mingo', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -1000, max: 1000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
    fc.string({ unit: fc.constantFrom('a', 'b', '\0', '\x01', '中', 'Z', '\uffff') }),
    fc.boolean(),
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
  );

  test('keys encode in mingo sort order, both directions', () => {
    const asc = new Index({ name: 'a', keys: [{ field: 'v', direction: 1 }], unique: false });
    const desc = new Index({ name: 'd', keys: [{ field: 'v', direction: -1 }], unique: false });
    const sign = (n: number) => Math.sign(n) || 0;
    fc.assert(
      fc.property(value, value, (a, b) => {
        const expected = sign(mingoCompare(a, b));
        const [ea, eb] = [asc.encode(0, a), asc.encode(0, b)];
        const [da, db_] = [desc.encode(0, a), desc.encode(0, b)];
        expect(sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(expected);
        expect(sign(da < db_ ? -1 : da > db_ ? 1 : 0)).toBe(-expected || 0);
      }),
      { numRuns: 1000 },
    );
  });

  test('random queries give the same answers with and without indexes', async () => {
    const post = async (body: Record<string, unknown>) =>
      (await (await fetch(t.cloud.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        data: { list: string[] };
      };
    await db().createCollection('plain');
    const rows = fc.sample(
      fc.record({ a: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('x', 'y', null)), b: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -20, max: 20, noNaN: true })), tags: fc.array(fc.constantFrom('p', 'q', 'r'), { maxLength: 3 }) }, { requiredKeys: ['b'] }),
      { numRuns: 100, seed: 42 }, // at the threshold: the unindexed twin may still scan
    ).map((r, i) => ({ _id: `r${i}`, ...r }));
    await db().collection('indexed').add(rows);
    await db().collection('plain').add(rows);

    const scalarA = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('x', null));
    const pred = fc.oneof(
      scalarA.map((v) => ({ a: v })),
      fc.array(scalarA, { minLength: 1, maxLength: 3 }).map((vs) => ({ a: { $in: vs } })),
      fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), fc.integer({ min: -20, max: 20 })).map(([op, v]) => ({ b: { [op]: v } })),
      fc.constantFrom('p', 'q').map((v) => ({ tags: v })),
    );
    const sortKey = fc.constantFrom<[string, 1 | -1][]>([], [['a', 1]], [['a', -1], ['b', -1]], [['b', 1]], [['a', 1], ['b', 1]], [['b', -1]]);
    await fc.assert(
      fc.asyncProperty(fc.array(pred, { maxLength: 3 }), sortKey, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 }), async (preds, sort, limit, skip) => {
        const query = preds.length === 0 ? {} : { $and: preds };
        const ask = (collectionName: string) =>
          post({
            action: 'database.getDocument',
            collectionName,
            query: EJSON.stringify(query, { relaxed: false }),
            order: EJSON.stringify(Object.fromEntries(sort), { relaxed: false }),
            limit: sort.length > 0 ? limit : 1000,
            offset: sort.length > 0 ? skip : 0,
          }).then((r) => r.data.list.map((s) => EJSON.parse(s) as Record<string, unknown>));
        const [withIx, without] = [await ask('indexed'), await ask('plain')];
        const keyOf = (d: Record<string, unknown>) => JSON.stringify(sort.map(([f]) => d[f] ?? null));
        if (sort.length > 0) expect(withIx.map(keyOf)).toEqual(without.map(keyOf));
        else expect(withIx.map((d) => d._id).sort()).toEqual(without.map((d) => d._id).sort());
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
