/**
 * Where the local cloud once was kinder than CloudBase, through the real node-sdk: transactions with
 * snapshot reads and write-write conflicts only, `$elemMatch` on embedded documents, `$week`,
 * `$substr`/`$substrBytes` and `$indexOfCP` as MongoDB answers them, ObjectId round trips,
 * `updateAndReturn` without a match, `$` field names, `$lookup` pipelines under the index rules,
 * an aggregation's 20 records unless it has a `$limit` (at most 10,000), and geo / `$jsonSchema`
 * refused with INVALID_PARAM rather than an internal error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { codeOf, resetStats, startTestCloud, stats, tempDir, type TestCloud } from '../helpers/localcloud';

type Db = ReturnType<TestCloud['app']['database']>;
type Transaction = Awaited<ReturnType<Db['startTransaction']>>;

jest.setTimeout(30_000);
let t: TestCloud;
let db: Db;
let declDir: string;

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  return { code: 'no error' };
}

const declare = (name: string, indexes: Array<{ name: string; keys: Array<{ field: string; direction: 1 | -1 }> }>) =>
  fs.writeFileSync(path.join(declDir, `${name}.json`), JSON.stringify({ name, indexes }));

beforeAll(async () => {
  declDir = tempDir('fidelity-decl');
  declare('acct', []);
  declare('items', []);
  declare('refs', [{ name: 'ref_1', keys: [{ field: 'ref', direction: 1 }] }]);
  declare('authors', []);
  declare('posts', [{ name: 'author_1', keys: [{ field: 'author', direction: 1 }] }]);
  declare('places', []);
  declare('rows', [{ name: 'batch_1', keys: [{ field: 'batch', direction: 1 }] }]);
  // test mode: a query no declared index serves fails, as in every function test
  t = await startTestCloud({ declarationsDir: declDir, devGateway: null, unindexedQueryThreshold: 0 });
  db = t.app.database();
});

afterAll(async () => {
  await t.close();
  fs.rmSync(declDir, { recursive: true, force: true });
});

describe('transactions: snapshot reads, only write-write conflicts', () => {
  const bal = async (id: string) => (await db.collection('acct').doc(id).get()).data[0]?.bal;

  beforeEach(async () => {
    await db.collection('acct').where({ _id: db.command.in(['a', 'b', 'c', 'late']) }).remove();
    await db.collection('acct').add([
      { _id: 'a', bal: 50 },
      { _id: 'b', bal: 50 },
      { _id: 'c', bal: 1 },
    ]);
  });

  test('a transaction reads what was committed when it started, even after another writer changed, added or removed documents', async () => {
    const _ = db.command;
    const tx = await db.startTransaction();
    await db.collection('acct').doc('a').update({ bal: _.inc(7) });
    await db.collection('acct').add({ _id: 'late', bal: 1 });
    await db.collection('acct').doc('c').remove();

    expect((await tx.collection('acct').doc('a').get()).data.bal).toBe(50);
    expect((await tx.collection('acct').doc('late').get()).data).toBeNull();
    expect((await tx.collection('acct').doc('c').get()).data.bal).toBe(1);
    expect(await bal('a')).toBe(57);
    // reading a changed document is no conflict: a read-only transaction commits
    await tx.commit();
  });

  test('write skew is possible: two transactions each read A and B and write a different one, and both commit', async () => {
    const _ = db.command;
    // the rule both enforce: A + B must stay ≥ 0; each withdraws 100 from its own account if the sum allows it
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const sum = async (tx: Transaction) => (await tx.collection('acct').doc('a').get()).data.bal + (await tx.collection('acct').doc('b').get()).data.bal;
    expect(await sum(t1)).toBe(100);
    expect(await sum(t2)).toBe(100);
    await t1.collection('acct').doc('a').update({ bal: _.inc(-100) });
    await t2.collection('acct').doc('b').update({ bal: _.inc(-100) });
    await t1.commit();
    await t2.commit();
    expect((await bal('a')) + (await bal('b'))).toBe(-100);
  });

  test('writing a document another commit changed since the start conflicts; the first committer wins', async () => {
    const _ = db.command;
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('acct').doc('a').update({ bal: _.inc(1) });
    await t1.commit();
    expect(await codeOf(t2.collection('acct').doc('a').update({ bal: _.inc(1) }))).toBe('DATABASE_TRANSACTION_CONFLICT');

    // a plain write between a transaction's read and its write: the write conflicts
    const t3 = await db.startTransaction();
    const seen = (await t3.collection('acct').doc('b').get()).data.bal;
    await db.collection('acct').doc('b').update({ bal: _.inc(5) });
    expect(await codeOf(t3.collection('acct').doc('b').update({ bal: seen - 10 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect([await bal('a'), await bal('b')]).toEqual([51, 55]);
  });

  test('read-modify-write of one document in parallel transactions loses no update (runTransaction retries the conflicts)', async () => {
    const increment = () =>
      db.runTransaction(async (tx: Transaction) => {
        const { bal: now } = (await tx.collection('acct').doc('c').get()).data;
        await tx.collection('acct').doc('c').update({ bal: now + 1 });
      }, 10);
    await Promise.all([increment(), increment(), increment()]);
    expect(await bal('c')).toBe(4);
  });
});

describe('$elemMatch', () => {
  beforeAll(async () => {
    await db.collection('items').add([
      { _id: 'scalars', tags: [1, 'x'] },
      { _id: 'docs', tags: [{ a: 1 }, { a: 2, b: 3 }] },
      { _id: 'nested', tags: [[{ a: 1 }]] },
    ]);
  });
  // the _id condition lets the planner serve the query in test mode
  const ids = async (query: Record<string, unknown>) =>
    (await db.collection('items').where({ _id: db.command.in(['scalars', 'docs', 'nested']), ...query }).get()).data.map((d: { _id: string }) => d._id).sort();

  test('a field condition matches embedded documents only, never plain values', async () => {
    const _ = db.command;
    expect(await ids({ tags: _.elemMatch({ a: 1 }) })).toEqual(['docs']);
    expect(await ids({ tags: _.elemMatch({ a: _.neq(1) }) })).toEqual(['docs', 'nested']);
    expect(await ids({ tags: _.elemMatch({ a: 2, b: 3 }) })).toEqual(['docs']);
    expect(await ids({ tags: _.elemMatch({ a: 2, b: 4 }) })).toEqual([]);
  });
});

describe('aggregation operators', () => {
  const $ = () => db.command.aggregate;
  const dates: Array<[string, number]> = [
    ['2024-01-01', 0], // Monday: before the first Sunday
    ['2024-01-06', 0],
    ['2024-01-07', 1], // the first Sunday
    ['2023-01-01', 1], // a Sunday on January 1st
    ['2023-12-31', 53],
    ['2022-01-01', 0],
    ['2022-01-02', 1],
    ['2026-12-31', 52],
  ];

  beforeAll(async () => {
    await db.createCollection('ops');
    await db.collection('ops').add(dates.map(([d], i) => ({ _id: `d${i}`, d: new Date(`${d}T12:00:00Z`) })));
    await db.collection('ops').add({ _id: 's', s: 'cafétéria', q: '13Q4', abc: 'hello' });
  });

  test('$week: weeks start on Sunday, days before the first Sunday are week 0', async () => {
    const ids = dates.map((_d, i) => `d${i}`);
    const res = await db.collection('ops').aggregate().match({ _id: db.command.in(ids) }).project({ w: $().week('$d') }).sort({ _id: 1 }).end();
    expect(res.data.map((r: { w: number }) => r.w)).toEqual(dates.map(([, w]) => w));
  });

  test('$substr and $substrBytes: a negative length takes the rest of the string; a start past the end gives ""', async () => {
    const res = await db
      .collection('ops')
      .aggregate()
      .match({ _id: 's' })
      .project({
        _id: 0,
        quarter: $().substr(['$q', 2, -1]),
        rest: $().substrBytes(['$abc', 1, -1]),
        year: $().substr(['$q', 0, 2]),
        past: $().substrBytes(['$abc', 10, 2]),
        twoByteChar: $().substrBytes(['$s', 3, 2]),
      })
      .end();
    expect(res.data).toEqual([{ quarter: 'Q4', rest: 'ello', year: '13', past: '', twoByteChar: 'é' }]);
  });

  test('$substrBytes that would split a UTF-8 character, and $substrCP with a negative length, are refused as INVALID_PARAM', async () => {
    const split = db.collection('ops').aggregate().match({ _id: 's' }).project({ x: $().substrBytes(['$s', 3, 1]) });
    expect(await codeOf(split.end())).toBe('INVALID_PARAM');
    const negative = db.collection('ops').aggregate().match({ _id: 's' }).project({ x: $().substrCP(['$s', 1, -1]) });
    expect(await codeOf(negative.end())).toBe('INVALID_PARAM');
    const fine = await db.collection('ops').aggregate().match({ _id: 's' }).project({ _id: 0, x: $().substrCP(['$s', 3, 2]) }).end();
    expect(fine.data).toEqual([{ x: 'ét' }]);
  });

  test('$indexOfCP counts code points, honours start and end, and answers -1 or null', async () => {
    const res = await db
      .collection('ops')
      .aggregate()
      .match({ _id: 's' })
      .project({
        _id: 0,
        e: $().indexOfCP(['$s', 'é']),
        t: $().indexOfCP(['$s', 't']),
        ascii: $().indexOfCP(['$s', 'e']),
        from: $().indexOfCP(['$abc', 'l', 3]),
        before: $().indexOfCP(['$abc', 'o', 0, 4]),
        missing: $().indexOfCP(['$nothing', 'a']),
      })
      .end();
    expect(res.data).toEqual([{ e: 3, t: 4, ascii: -1, from: 3, before: -1, missing: null }]);
  });
});

describe('documents', () => {
  const hexA = '65a1f0c2e4b0a1b2c3d4e5f6';
  const hexB = '65a1f0c2e4b0a1b2c3d4e5f7';

  test('ObjectId values round-trip as _id and as fields, are found by both, and survive updates and a restart', async () => {
    const dataDir = tempDir('fidelity-oid');
    const local = await startTestCloud({ declarationsDir: declDir, devGateway: null, unindexedQueryThreshold: 0, dataDir });
    try {
      const ldb = local.app.database();
      // node-sdk's db.ObjectId, which its types leave out: sent as EJSON {"$oid": …}
      const oid = (id: string) => (ldb as unknown as { ObjectId(o: { id: string }): unknown }).ObjectId({ id });
      await ldb.collection('refs').add({ _id: oid(hexA), ref: oid(hexB), n: 1 });
      // read back through aggregate(), which hands node-sdk's EJSON ObjectIds over as they are (its
      // get() flattens every class instance it does not know into {}, against CloudBase too)
      const read = async (d: Db, query: Record<string, unknown>) => (await d.collection('refs').aggregate().match(query).end()).data;
      const [doc] = await read(ldb, { _id: oid(hexA) });
      expect(doc._id._bsontype).toMatch(/^ObjectId$/i); // bson 4 in node-sdk spells it ObjectID
      expect([doc._id.toHexString(), doc.ref.toHexString(), doc.n]).toEqual([hexA, hexB, 1]);
      // an update keeps ObjectId fields ObjectIds; a query by an ObjectId field uses its index (test mode)
      const updated = await ldb.collection('refs').where({ _id: oid(hexA) }).updateAndReturn({ n: ldb.command.inc(1) });
      expect([updated.doc._id.toHexString(), updated.doc.ref.toHexString(), updated.doc.n]).toEqual([hexA, hexB, 2]);
      const [byRef] = await read(ldb, { ref: oid(hexB) });
      expect([byRef._id.toHexString(), byRef.ref.toHexString(), byRef.n]).toEqual([hexA, hexB, 2]);
      expect(await codeOf(ldb.collection('refs').add({ _id: oid(hexA) }))).toBe('DATABASE_DUPLICATE_WRITE');

      await local.close();
      const again = await startTestCloud({ declarationsDir: declDir, devGateway: null, unindexedQueryThreshold: 0, dataDir });
      try {
        const [after] = await read(again.app.database(), { _id: oid(hexA) });
        expect([after._id.toHexString(), after.ref.toHexString(), after.n]).toEqual([hexA, hexB, 2]);
      } finally {
        await again.close();
      }
    } finally {
      await local.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('updateAndReturn without a matching document answers doc: null', async () => {
    await db.collection('acct').add({ _id: 'uar', bal: 1 });
    const none = await db.collection('acct').where({ _id: 'nobody' }).updateAndReturn({ bal: 2 });
    expect(none).toMatchObject({ updated: 0, doc: null });
    const one = await db.collection('acct').where({ _id: 'uar' }).updateAndReturn({ bal: 2 });
    expect(one).toMatchObject({ updated: 1, doc: { _id: 'uar', bal: 2 } });
  });

  test('field names starting with $ are refused on insert, set and update, at any depth, and nothing is written', async () => {
    const e = await errorOf(db.collection('acct').add({ _id: 'dollar', profile: { $bad: 1 } }));
    expect(e.code).toBe('INVALID_PARAM');
    expect(e.message).toContain('profile.$bad');
    expect(await codeOf(db.collection('acct').add({ _id: 'dollar', list: [{ $x: 1 }] }))).toBe('INVALID_PARAM');
    expect((await db.collection('acct').where({ _id: 'dollar' }).get()).data).toEqual([]);

    await db.collection('acct').add({ _id: 'dollar', bal: 1 });
    expect(await codeOf(db.collection('acct').doc('dollar').set({ meta: { $where: 'x' } }))).toBe('INVALID_PARAM');
    expect(await codeOf(db.collection('acct').doc('dollar').update({ meta: { a: 1, nested: { $oops: true } } }))).toBe('INVALID_PARAM');
    const tx = await db.startTransaction();
    expect(await codeOf(tx.collection('acct').doc('dollar').set({ inner: { $x: 1 } }))).toBe('INVALID_PARAM');
    await tx.rollback();
    expect((await db.collection('acct').doc('dollar').get()).data).toEqual([{ _id: 'dollar', bal: 1 }]);
  });
});

describe('$lookup with let and pipeline', () => {
  beforeAll(async () => {
    await db.collection('authors').add([
      { _id: 'u1', name: '张三', min: 2 },
      { _id: 'u2', name: '李四', min: 0 },
    ]);
    await db.collection('posts').add([
      { _id: 'p1', author: 'u1', n: 1 },
      { _id: 'p2', author: 'u1', n: 5 },
      { _id: 'p3', author: 'u2', n: 3 },
    ]);
  });

  test('joins through the foreign index with the let variables bound in the pipeline', async () => {
    const _ = db.command;
    const $ = db.command.aggregate;
    await resetStats(t);
    const res = await db
      .collection('authors')
      .aggregate()
      .match({ _id: _.in(['u1', 'u2']) })
      .lookup({
        from: 'posts',
        let: { id: '$_id', min: '$min' },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$author', '$$id']), $.gte(['$n', '$$min'])])))
          .project({ _id: 0, n: 1 })
          .done(),
        as: 'posts',
      })
      .project({ posts: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'u1', posts: [{ n: 5 }] },
      { _id: 'u2', posts: [{ n: 3 }] },
    ]);
    const s = await stats(t);
    expect(s['plan.index']).toBe(2); // one index-served query on posts per author
    expect(s['plan.scan']).toBe(0);
  });

  test('a pipeline no index serves is refused in test mode, as every unindexed query is', async () => {
    const $ = db.command.aggregate;
    const lookup = db
      .collection('authors')
      .aggregate()
      .match({ _id: 'u1' })
      .lookup({ from: 'posts', let: { n: '$min' }, pipeline: $.pipeline().match(db.command.expr($.eq(['$n', '$$n']))).done(), as: 'posts' });
    expect(await codeOf(lookup.end())).toBe('LOCALCLOUD_UNINDEXED_QUERY');
  });
});

// CloudBase's aggregation answers 20 records unless the pipeline has a $limit, which may go up to
// 10,000 (tools/localcloud/db/service.ts cites the developers' reports)
describe('how many records an aggregation answers', () => {
  const $ = () => db.command.aggregate;
  const matching = () => db.collection('rows').aggregate().match({ batch: 'b' });

  beforeAll(async () => {
    await db.collection('rows').add(Array.from({ length: 25 }, (_v, i) => ({ _id: `r${i}`, batch: 'b', g: `g${i}` })));
  });

  test('without a limit: 20 of the 25 matching documents; with limit(25): all of them', async () => {
    expect((await matching().end()).data).toHaveLength(20);
    expect((await matching().limit(25).end()).data).toHaveLength(25);
    expect((await matching().limit(10_000).end()).data).toHaveLength(25);
  });

  test('a $group with 25 groups answers 20 of them without a limit, 25 with one', async () => {
    const groups = () => matching().group({ _id: '$g', n: $().sum(1) });
    expect((await groups().end()).data).toHaveLength(20);
    const all = (await groups().limit(25).end()).data as { _id: string; n: number }[];
    expect(all.map((r) => r._id).sort()).toEqual(Array.from({ length: 25 }, (_v, i) => `g${i}`).sort());
    expect(all.every((r) => r.n === 1)).toBe(true);
  });

  test("a $lookup's array is not cut: one record holding all 25 matches", async () => {
    const res = await db.collection('rows').aggregate().match({ _id: 'r0' }).lookup({ from: 'rows', localField: 'batch', foreignField: 'batch', as: 'same' }).end();
    expect(res.data).toHaveLength(1);
    expect(res.data[0].same).toHaveLength(25);
  });

  test('a limit above 10,000 is refused with INVALID_PARAM', async () => {
    const e = await errorOf(matching().limit(10_001).end());
    expect(e.code).toBe('INVALID_PARAM');
    expect(e.message).toContain('10000');
  });
});

describe('what the local cloud cannot honour is refused with INVALID_PARAM, never an internal error', () => {
  test('geo queries and the $geoNear stage', async () => {
    const _ = db.command;
    // node-sdk has every GeoJSON class; its types list only Point
    type Ctor = new (...args: unknown[]) => never;
    const Geo = db.Geo as unknown as { Point: Ctor; LineString: Ctor; Polygon: Ctor };
    const point = new Geo.Point(116.4, 39.9);
    const area = new Geo.Polygon([new Geo.LineString([point, new Geo.Point(116.5, 39.9), new Geo.Point(116.5, 40), point])]);
    const places = db.collection('places');
    const near = await errorOf(places.where({ loc: _.geoNear({ geometry: point, maxDistance: 1000 }) }).get());
    expect(near.code).toBe('INVALID_PARAM');
    expect(near.message).toContain('地理位置查询');
    expect(await codeOf(places.where({ loc: _.geoWithin({ geometry: area }) }).get())).toBe('INVALID_PARAM');
    expect(await codeOf(places.where({ loc: _.geoIntersects({ geometry: point }) }).count())).toBe('INVALID_PARAM');
    const stage = places.aggregate().geoNear({ near: point, spherical: true, distanceField: 'distance' });
    expect(await codeOf(stage.end())).toBe('INVALID_PARAM');
  });

  test('$jsonSchema', async () => {
    const e = await errorOf(db.collection('places').where({ $jsonSchema: { required: ['name'] } } as never).get());
    expect(e.code).toBe('INVALID_PARAM');
    expect(e.message).toContain('$jsonSchema');
  });
});
