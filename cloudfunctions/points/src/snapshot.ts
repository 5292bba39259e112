/**
 * Consistent reads of the ledger's derived documents: the book's head is read before and after,
 * and the read is repeated if an award committed in between (the head and everything derived from
 * it change in one transaction, so an unchanged head means a consistent snapshot).
 */
import type { z } from 'zod';
import { POINT_COLLECTIONS as C, accountDoc, entryDoc, tallyDoc, type BookDoc, type EntryDoc } from '../../../core/domain/points/model';
import { AppError, type Database } from '../../lib';
import { getBook } from '../../lib/ledger';

const PAGE = 1000;

/** Every document of a query, 1,000 a read (the server's cap), in the given index order. */
async function all<S extends z.ZodType>(
  db: Database,
  collection: string,
  filter: Record<string, unknown>,
  order: [string, 'asc' | 'desc'][],
  schema: S,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for (let skip = 0; ; skip += PAGE) {
    let q = db.collection(collection).where(filter);
    for (const [field, dir] of order) q = q.orderBy(field, dir);
    const { data } = await q.skip(skip).limit(PAGE).get();
    out.push(...(data as unknown[]).map((d) => schema.parse(d)));
    if (data.length < PAGE) return out;
  }
}

/** Entries with afterSeq < seq ≤ uptoSeq in order, paged by seq ranges on the (communityId, seq) index. */
export async function entriesBetween(db: Database, communityId: string, afterSeq: number, uptoSeq: number): Promise<EntryDoc[]> {
  const _ = db.command;
  const out: EntryDoc[] = [];
  let last = afterSeq;
  while (last < uptoSeq) {
    const { data } = await db
      .collection(C.entries)
      .where({ communityId, seq: _.and(_.gt(last), _.lte(uptoSeq)) })
      .orderBy('seq', 'asc')
      .limit(PAGE)
      .get();
    if (!data.length) break;
    out.push(...(data as unknown[]).map((d) => entryDoc.parse(d)));
    if (data.length < PAGE) break; // a short page is the last one
    last = out[out.length - 1].seq;
  }
  return out;
}

export async function tallies(db: Database, filter: Record<string, unknown>) {
  return all(db, C.tallies, filter, [['periodKey', 'asc'], ['points', 'desc'], ['personId', 'asc']], tallyDoc);
}

export async function accounts(db: Database, communityId: string) {
  return all(db, C.accounts, { communityId }, [['personId', 'asc']], accountDoc);
}

/** Runs `read` until the book's head is the same before and after it. */
export async function consistently<T>(db: Database, communityId: string, read: (book: BookDoc) => Promise<T>): Promise<{ book: BookDoc; value: T }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const book = await getBook(db, communityId);
    const value = await read(book);
    const after = await getBook(db, communityId);
    if (after.head.seq === book.head.seq && after.head.hash === book.head.hash) return { book, value };
  }
  throw new AppError('CONFLICT', '积分正在频繁变动，请稍后再试');
}
