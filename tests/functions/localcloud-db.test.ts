/**
 * The local cloud's database through the real node-sdk: queries, writes, aggregation,
 * transactions and errors, answered the way CloudBase answers them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../tools/localcloud/db/service';
import { codeOf, resetStats, roundTrips, setLatency, startTestCloud, stats, tempDir, type TestCloud } from '../helpers/localcloud';

type Db = ReturnType<TestCloud['app']['database']>;
type Transaction = Awaited<ReturnType<Db['startTransaction']>>;

jest.setTimeout(30_000);
let t: TestCloud;
let db: Db;
let declDir: string;

/** a raw `/admin` request, for what the SDK would never send */
async function admin(t: TestCloud, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(t.cloud.adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  declDir = tempDir('decl');
  fs.writeFileSync(
    path.join(declDir, 'accounts.json'),
    JSON.stringify({ name: 'accounts', indexes: [{ name: 'owner_1', keys: [{ field: 'owner', direction: 1 }], unique: true }] }),
  );
  t = await startTestCloud({ declarationsDir: declDir, devGateway: null });
  db = t.app.database();
  await db.createCollection('posts');
  await db.collection('posts').add([
    { _id: 'p1', title: 'Hello world', author: 'u1', n: 3, score: 1.5, tags: ['a', 'b'], meta: { visible: true } },
    { _id: 'p2', title: 'second', author: 'u1', n: 7, score: 2, tags: ['b'], meta: { visible: false } },
    { _id: 'p3', title: 'third', author: 'u2', n: 1, score: 0.25, tags: [], meta: { visible: true } },
    { _id: 'p4', title: 'hey', author: 'u2', n: 10, score: 9.75, tags: ['c'] },
  ]);
});

afterAll(async () => {
  await t.close();
  fs.rmSync(declDir, { recursive: true, force: true });
});

describe('queries', () => {
  const ids = (res: { data: Array<{ _id: string }> }) => res.data.map((d) => d._id);

  test('where, orderBy, skip, limit and field', async () => {
    const res = await db.collection('posts').where({ author: 'u1' }).orderBy('n', 'desc').get();
    expect(ids(res)).toEqual(['p2', 'p1']);
    const page = await db.collection('posts').orderBy('n', 'asc').skip(1).limit(2).field({ title: true }).get();
    expect(page.data).toEqual([
      { _id: 'p1', title: 'Hello world' },
      { _id: 'p2', title: 'second' },
    ]);
    const nested = await db.collection('posts').where({ 'meta.visible': true }).orderBy('_id', 'asc').get();
    expect(ids(nested)).toEqual(['p1', 'p3']);
  });

  test('command operators and regex', async () => {
    const _ = db.command;
    const range = await db.collection('posts').where({ n: _.gt(2).and(_.lte(7)) }).orderBy('n', 'asc').get();
    expect(ids(range)).toEqual(['p1', 'p2']);
    const inTags = await db.collection('posts').where({ tags: _.in(['c', 'a']) }).orderBy('_id', 'asc').get();
    expect(ids(inTags)).toEqual(['p1', 'p4']);
    const or = await db.collection('posts').where(_.or([{ n: _.lt(2) }, { author: 'u1', n: _.gte(7) }])).orderBy('_id', 'asc').get();
    expect(ids(or)).toEqual(['p2', 'p3']);
    const re = await db.collection('posts').where({ title: db.RegExp({ regexp: '^he', options: 'i' }) }).orderBy('_id', 'asc').get();
    expect(ids(re)).toEqual(['p1', 'p4']);
    const nin = await db.collection('posts').where({ author: _.nin(['u1']), meta: _.exists(true) }).get();
    expect(ids(nin)).toEqual(['p3']);
  });

  test('count', async () => {
    const _ = db.command;
    expect((await db.collection('posts').where({ n: _.gte(3) }).count()).total).toBe(3);
    expect((await db.collection('posts').count()).total).toBe(4);
  });

  test('ints stay ints and doubles stay doubles on the wire', async () => {
    const res = await admin(t, { action: 'database.getDocument', collectionName: 'posts', queryType: 'DOC', query: '{"_id":"p2"}' });
    const text = (res.data as { list: string[] }).list[0];
    expect(text).toContain('"n":{"$numberInt":"7"}');
    expect(text).toContain('"score":{"$numberInt":"2"}');
    const p1 = await admin(t, { action: 'database.getDocument', collectionName: 'posts', queryType: 'DOC', query: '{"_id":"p1"}' });
    expect((p1.data as { list: string[] }).list[0]).toContain('"score":{"$numberDouble":"1.5"}');
  });
});

describe('writes', () => {
  test('insert single and batch, ids given or generated; a taken id is a duplicate write', async () => {
    await db.createCollection('notes');
    const one = await db.collection('notes').add({ text: 'a', at: new Date(1700000000000) });
    expect(one.id).toMatch(/^[0-9a-f]{32}$/);
    const many = await db.collection('notes').add([{ _id: 'n1', text: 'b' }, { text: 'c' }]);
    expect(many.ids).toEqual(['n1', expect.stringMatching(/^[0-9a-f]{32}$/)]);
    const got = await db.collection('notes').doc(String(one.id)).get();
    expect(got.data[0].at).toEqual(new Date(1700000000000));
    expect(await codeOf(db.collection('notes').add({ _id: 'n1', text: 'again' }))).toBe('DATABASE_DUPLICATE_WRITE');
    // a batch with one bad document writes nothing
    expect(await codeOf(db.collection('notes').add([{ _id: 'n2' }, { _id: 'n1' }]))).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await db.collection('notes').doc('n2').get()).data).toEqual([]);
  });

  test('update operators on dotted paths, set replaces, upsert', async () => {
    const _ = db.command;
    await db.createCollection('things');
    await db.collection('things').add({ _id: 't1', n: 1, f: 2, tags: ['x', 'y'], meta: { a: 1 }, old: true, lo: 5, hi: 5, name: 'n' });
    const res = await db
      .collection('things')
      .doc('t1')
      .update({
        n: _.inc(2),
        f: _.mul(3),
        tags: _.push(['z']),
        'meta.b': 'B',
        meta: { views: _.inc(1) },
        old: _.remove(),
        lo: _.min(1),
        hi: _.max(9),
      });
    expect(res.updated).toBe(1);
    await db.collection('things').doc('t1').update({ tags: _.pull('x'), name: _.rename('title') as never });
    await db.collection('things').doc('t1').update({ tags: _.addToSet('y') });
    const doc = (await db.collection('things').doc('t1').get()).data[0];
    expect(doc).toEqual({ _id: 't1', n: 3, f: 6, tags: ['y', 'z'], meta: { a: 1, b: 'B', views: 1 }, lo: 1, hi: 9, title: 'n' });

    const set = await db.collection('things').doc('t1').set({ only: 'this' });
    expect(set.updated).toBe(1);
    expect((await db.collection('things').doc('t1').get()).data[0]).toEqual({ _id: 't1', only: 'this' });
    const upsert = await db.collection('things').doc('t2').set({ fresh: true });
    expect(upsert).toMatchObject({ updated: 0, upsertedId: 't2' });
    expect((await db.collection('things').doc('t2').get()).data[0]).toEqual({ _id: 't2', fresh: true });
  });

  test('where().update() updates every match; updateAndReturn gives the new document', async () => {
    const _ = db.command;
    await db.createCollection('flags');
    await db.collection('flags').add([{ k: 1 }, { k: 2 }, { k: 3 }]);
    expect((await db.collection('flags').where({ k: _.lt(3) }).update({ on: true })).updated).toBe(2);
    expect((await db.collection('flags').where({ on: true }).count()).total).toBe(2);
    const r = await db.collection('flags').where({ k: 3 }).updateAndReturn({ k: _.inc(10) });
    expect(r.updated).toBe(1);
    expect(r.doc).toMatchObject({ k: 13 });
    const none = await db.collection('flags').where({ k: 99 }).updateAndReturn({ k: 1 });
    expect(none.updated).toBe(0);
  });

  test('remove: one by id, many by where', async () => {
    await db.createCollection('trash');
    await db.collection('trash').add([{ _id: 'a', g: 1 }, { _id: 'b', g: 1 }, { _id: 'c', g: 2 }]);
    expect((await db.collection('trash').doc('c').remove()).deleted).toBe(1);
    expect((await db.collection('trash').where({ g: 1 }).remove()).deleted).toBe(2);
    expect((await db.collection('trash').count()).total).toBe(0);
  });

  test('serverDate becomes the server time, with its offset', async () => {
    await db.createCollection('clock');
    const before = Date.now();
    const { id } = await db.collection('clock').add({ at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) });
    const doc = (await db.collection('clock').doc(String(id)).get()).data[0];
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
  });

  test('a unique index refuses a second document with the same key', async () => {
    await db.collection('accounts').add({ owner: 'o1', bal: 1 });
    expect(await codeOf(db.collection('accounts').add({ owner: 'o1', bal: 2 }))).toBe('DATABASE_DUPLICATE_WRITE');
    await db.collection('accounts').add({ _id: 'acc2', owner: 'o2', bal: 2 });
    expect(await codeOf(db.collection('accounts').doc('acc2').update({ owner: 'o1' }))).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await db.collection('accounts').doc('acc2').get()).data[0].owner).toBe('o2');
  });
});

describe('aggregation', () => {
  test('match, group, sort, limit', async () => {
    const $ = db.command.aggregate;
    const res = await db
      .collection('posts')
      .aggregate()
      .match({ n: db.command.gt(0) })
      .group({ _id: '$author', total: $.sum('$n'), cnt: $.sum(1) })
      .sort({ total: -1 })
      .limit(1)
      .end();
    expect(res.data).toEqual([{ _id: 'u2', total: 11, cnt: 2 }]);
  });

  test('lookup across collections', async () => {
    await db.createCollection('authors');
    await db.collection('authors').add([{ _id: 'u1', name: '张三' }]);
    const res = await db
      .collection('authors')
      .aggregate()
      .lookup({ from: 'posts', localField: '_id', foreignField: 'author', as: 'posts' })
      .project({ name: 1, count: db.command.aggregate.size('$posts') })
      .end();
    expect(res.data).toEqual([{ _id: 'u1', name: '张三', count: 2 }]);
  });

  test('leading match, sort, skip and limit run as a query; a lookup by _id reads one document per row', async () => {
    const $ = db.command.aggregate;
    await resetStats(t);
    const res = await db
      .collection('posts')
      .aggregate()
      .match({ author: 'u1' })
      .sort({ n: -1 })
      .skip(1)
      .limit(1)
      .addFields({ authorId: '$author' })
      .lookup({ from: 'authors', localField: 'authorId', foreignField: '_id', as: 'by' })
      .project({ title: 1, by: $.arrayElemAt(['$by.name', 0]) })
      .end();
    expect(res.data).toEqual([{ _id: 'p1', title: 'Hello world', by: '张三' }]);
    expect((await stats(t))['plan.id']).toBe(1);
  });

  test('an aggregation never changes the stored documents (mingo writes into nested inputs)', async () => {
    const res = await db.collection('posts').aggregate().match({ _id: 'p1' }).addFields({ 'meta.extra': 1 }).end();
    expect(res.data[0].meta).toEqual({ visible: true, extra: 1 });
    expect((await db.collection('posts').doc('p1').get()).data[0].meta).toEqual({ visible: true });
  });

  test('a $lookup mixing localField/foreignField with a pipeline is refused, not half-supported', async () => {
    const pipeline = db.command.aggregate.pipeline().match({}).done();
    const lookup = db.collection('authors').aggregate().lookup({ from: 'posts', localField: '_id', foreignField: 'author', pipeline, as: 'p' } as never);
    expect(await codeOf(lookup.end())).toBe('INVALID_PARAM');
  });
});

describe('collections and errors', () => {
  test('a missing collection is DATABASE_COLLECTION_NOT_EXIST; createCollection makes it', async () => {
    expect(await codeOf(db.collection('ghost').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(db.collection('ghost').add({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    await db.createCollection('ghost');
    expect((await db.collection('ghost').count()).total).toBe(0);
    expect(await codeOf(db.createCollection('ghost'))).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });

  test('declared collections exist from the start', async () => {
    expect((await db.collection('accounts').where({ owner: 'nobody' }).count()).total).toBe(0);
  });

  test('malformed EJSON, bad bodies and unknown actions are errors, not crashes', async () => {
    const bad = await admin(t, { action: 'database.getDocument', collectionName: 'posts', query: '{"n":{"$numberInt":"x"}}' });
    expect(bad.code).toBe('INVALID_PARAM');
    const badDate = await admin(t, { action: 'database.insertDocument', collectionName: 'posts', data: ['{"at":{"$date":"yesterday"}}'] });
    expect(badDate.code).toBe('INVALID_PARAM');
    const notJson = await admin(t, { action: 'database.modifyDocument', collectionName: 'posts', query: '{', data: '{}' });
    expect(notJson.code).toBe('INVALID_PARAM');
    const noColl = await admin(t, { action: 'database.insertDocument', data: ['{}'] });
    expect(noColl.code).toBe('INVALID_PARAM');
    const unknown = await admin(t, { action: 'database.dropEverything', collectionName: 'posts' });
    expect(unknown.code).toBe('INVALID_ACTION');
    const badUpdate = await admin(t, { action: 'database.modifyDocument', collectionName: 'posts', query: '{"_id":"p1"}', data: '{"$frobnicate":{"n":1}}' });
    expect(badUpdate.code).toBe('INVALID_PARAM');
    const garbage = await admin(t, '{not json');
    expect(garbage.code).toBe('INVALID_PARAM');
    // still serving
    expect((await db.collection('posts').count()).total).toBe(4);
  });
});

describe('transactions', () => {
  beforeAll(async () => {
    await db.createCollection('acct');
    await db.collection('acct').add([
      { _id: 'a', bal: 100 },
      { _id: 'b', bal: 0 },
    ]);
  });

  const bal = async (id: string) => (await db.collection('acct').doc(id).get()).data[0]?.bal;

  test('runTransaction commits its writes atomically', async () => {
    const _ = db.command;
    const out = await db.runTransaction(async (tx: Transaction) => {
      const a = (await tx.collection('acct').doc('a').get()).data;
      await tx.collection('acct').doc('a').update({ bal: _.inc(-30) });
      await tx.collection('acct').doc('b').update({ bal: _.inc(30) });
      await tx.collection('acct').add({ _id: 'log1', amount: 30 });
      return a.bal;
    });
    expect(out).toBe(100);
    expect([await bal('a'), await bal('b')]).toEqual([70, 30]);
    expect((await db.collection('acct').doc('log1').get()).data).toHaveLength(1);
  });

  test('writes are invisible outside until commit; the transaction reads its own; abort discards', async () => {
    const _ = db.command;
    const tx = await db.startTransaction();
    await tx.collection('acct').doc('a').update({ bal: _.inc(-10) });
    await tx.collection('acct').doc('fresh').set({ bal: 5 });
    expect((await tx.collection('acct').doc('a').get()).data.bal).toBe(60);
    expect(await bal('a')).toBe(70);
    expect((await db.collection('acct').doc('fresh').get()).data).toEqual([]);
    await tx.rollback();
    expect(await bal('a')).toBe(70);
    expect((await db.collection('acct').doc('fresh').get()).data).toEqual([]);
    // the transaction is gone
    expect(await codeOf(tx.collection('acct').doc('a').get())).toBe('DATABASE_TRANSACTION_FAIL');
  });

  test('a conflicting commit makes runTransaction retry, then it succeeds', async () => {
    const _ = db.command;
    let attempts = 0;
    await db.runTransaction(async (tx: Transaction) => {
      attempts += 1;
      const a = (await tx.collection('acct').doc('a').get()).data;
      if (attempts === 1) await db.collection('acct').doc('a').update({ bal: _.inc(1) }); // someone else writes meanwhile
      await tx.collection('acct').doc('a').update({ bal: a.bal * 2 });
    });
    expect(attempts).toBe(2);
    expect(await bal('a')).toBe(142);
  });

  test('two transactions writing the same document: the second conflicts', async () => {
    const _ = db.command;
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('acct').doc('b').update({ bal: _.inc(1) });
    expect(await codeOf(t2.collection('acct').doc('b').update({ bal: _.inc(1) }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    await t1.commit();
    expect(await bal('b')).toBe(31);
  });

  test('only single-document operations by _id are allowed inside a transaction', async () => {
    const tx = await db.startTransaction();
    expect(await codeOf(tx.collection('acct').where({ bal: 1 }).get())).toBe('INVALID_PARAM');
    await tx.rollback();
  });

  test('an unknown transaction is an error; an idle one expires', async () => {
    expect((await admin(t, { action: 'database.commitTransaction', transactionId: 'txn-nope' })).code).toBe('DATABASE_TRANSACTION_FAIL');
    const dataDir = tempDir('txn');
    const service = await openDatabase({ dataDir, declarationsDir: declDir, unindexedQueryThreshold: null, transactionTimeoutMs: 200 });
    try {
      const { transactionId } = (await service.handle('database.startTransaction', { action: 'database.startTransaction' })) as { transactionId: string };
      await service.handle('database.insertDocument', { action: 'database.insertDocument', collectionName: 'accounts', transactionId, data: ['{"owner":"late"}'] });
      await new Promise((r) => setTimeout(r, 700));
      await expect(service.handle('database.commitTransaction', { action: 'database.commitTransaction', transactionId })).rejects.toMatchObject({
        code: 'DATABASE_TRANSACTION_FAIL',
      });
      const count = (await service.handle('database.calculateDocument', { action: 'database.calculateDocument', collectionName: 'accounts', query: '{"owner":"late"}' })) as {
        data: { total: number };
      };
      expect(count.data.total).toBe(0);
    } finally {
      await service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('round trip counters', () => {
  afterEach(() => setLatency(t, 0));

  it('counts requests sent together as one sequential round trip and requests sent after an answer as the next', async () => {
    await setLatency(t, 100);
    await resetStats(t);
    await Promise.all(['p1', 'p2', 'p3'].map((id) => db.collection('posts').doc(id).get()));
    let s = await stats(t);
    expect(roundTrips(s)).toBe(3);
    expect(s.sequentialRoundTrips).toBe(1);

    await db.collection('posts').where({ author: 'u1' }).get();
    await db.collection('posts').where({ author: 'u2' }).count();
    s = await stats(t);
    expect(roundTrips(s)).toBe(5);
    expect(s.sequentialRoundTrips).toBe(3);

    await resetStats(t);
    expect((await stats(t)).sequentialRoundTrips).toBe(0);
  });

  it('refuses a latency that is not a whole number of milliseconds up to 10 s', async () => {
    for (const body of [{ ms: -1 }, { ms: 1.5 }, { ms: 20_000 }, { ms: 'x' }, {}]) {
      expect((await fetch(`${t.cloud.url}/__localcloud/latency`, { method: 'POST', body: JSON.stringify(body) })).status).toBe(400);
    }
    expect((await fetch(`${t.cloud.url}/__localcloud/latency`, { method: 'POST', body: 'not json' })).status).toBe(400);
  });
});
