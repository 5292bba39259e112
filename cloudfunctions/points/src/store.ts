/**
 * Reads and writes of the points documents, parsed with their schemas, and the transaction runner.
 * Inside a CloudBase transaction only single-document operations by `_id` are allowed.
 */
import type { z } from 'zod';
import {
  POINT_COLLECTIONS as C,
  accountDoc,
  accountId,
  bookDoc,
  entryDoc,
  type AccountDoc,
  type BookDoc,
  type EntryDoc,
} from '../../../core/domain/points/model';
import type { LedgerWrite } from '../../../core/domain/points/ledger';
import { PointsError } from '../../../core/domain/points/ledger';
import { personDoc, type PersonDoc } from '../../../core/domain/org-model';
import { AppError, COLLECTIONS, type Database } from '../../lib';

/** What a transaction offers (node-sdk types it as `any`): single-document operations by `_id`. */
export interface Transaction {
  collection: Database['collection'];
}
type Reader = Pick<Database, 'collection'> | Transaction;

/** node-sdk answers some failures inside a transaction as `{ code }` instead of throwing. */
export function check<T>(res: T): T {
  const code = (res as { code?: unknown } | null)?.code;
  if (code) throw Object.assign(new Error(String((res as { message?: unknown }).message ?? code)), { code });
  return res;
}

function without_id<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** One document by id, or null. Works outside and inside a transaction. */
export async function getDoc<S extends z.ZodType>(r: Reader, collection: string, id: string, schema: S): Promise<z.output<S> | null> {
  const res = check(await r.collection(collection).doc(id).get()) as { data: unknown };
  const data = Array.isArray(res.data) ? res.data[0] : res.data;
  return data ? schema.parse(data) : null;
}

export async function getBook(r: Reader, communityId: string): Promise<BookDoc> {
  const book = await getDoc(r, C.books, communityId, bookDoc);
  if (!book) throw new AppError('NOT_FOUND', '这个社区还没有设置积分规则');
  return book;
}

/** Documents by ids, in one read (≤ 1000 ids). */
export async function getByIds<S extends z.ZodType>(db: Database, collection: string, ids: string[], schema: S): Promise<z.output<S>[]> {
  if (!ids.length) return [];
  const _ = db.command;
  const { data } = await db.collection(collection).where({ _id: _.in(ids) }).limit(1000).get();
  return (data as unknown[]).map((d) => schema.parse(d));
}

export async function getPersons(db: Database, ids: string[]): Promise<Map<string, PersonDoc>> {
  const list = await getByIds(db, COLLECTIONS.persons, ids, personDoc);
  return new Map(list.map((p) => [p._id, p]));
}

export const getEntries = (db: Database, ids: string[]): Promise<EntryDoc[]> => getByIds(db, C.entries, ids, entryDoc);

/** Writes a ledger plan: entries created (a duplicate id fails the transaction), the rest set. */
export async function writeLedger(t: Transaction, w: LedgerWrite): Promise<void> {
  const ops: Promise<unknown>[] = [
    ...w.entries.map((e) => t.collection(C.entries).add({ ...e })),
    t.collection(C.books).doc(w.book._id).update({ head: w.book.head, issued: w.book.issued, updatedAt: w.book.updatedAt }),
    ...w.accounts.map((a) => t.collection(C.accounts).doc(a._id).set(without_id(a))),
    ...w.tallies.map((x) => t.collection(C.tallies).doc(x._id).set(without_id(x))),
  ];
  for (const res of await Promise.all(ops)) check(res);
}

export async function readAccounts(t: Transaction, communityId: string, personIds: string[]): Promise<Map<string, AccountDoc | null>> {
  const list = await Promise.all(personIds.map((id) => getDoc(t, C.accounts, accountId(communityId, id), accountDoc)));
  return new Map(personIds.map((id, i) => [id, list[i]]));
}

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
const DUPLICATE = 'DATABASE_DUPLICATE_WRITE';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Jittered, growing pause before another attempt. */
export const backoff = (attempt: number) => sleep(Math.random() * Math.min(5 * attempt, 60));

const codeOf = (err: unknown) => (err as { code?: string } | null)?.code;
/** A unique index refused an insert: the same id (a retry) or the same chain position (a race). */
export const isDuplicate = (err: unknown) => codeOf(err) === DUPLICATE;

/**
 * Runs `work` in a transaction, retrying on write conflicts with jittered backoff (node-sdk's own
 * three retries are too few when a whole community awards at once: every award moves the book).
 */
export async function inTransaction<T>(db: Database, work: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // times = 0: conflicts are retried here, with backoff
      return (await db.runTransaction(work, 0)) as T;
    } catch (err) {
      if (codeOf(err) !== CONFLICT || attempt >= 60) throw err;
      await backoff(attempt);
    }
  }
}

/** Maps a broken scheme rule to the caller's error. */
export function asAppError(err: unknown): unknown {
  return err instanceof PointsError ? new AppError(err.code, err.message) : err;
}
