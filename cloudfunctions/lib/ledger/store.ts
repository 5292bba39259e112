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
import type { Database } from '../cloud';
import { COLLECTIONS } from '../collections';
import { check, isConflict } from '../db-errors';
import { AppError } from '../errors';
import { log } from '../log';
import { RetriesExhausted, retrying, type RetryPolicy } from '../retry';

/** What a transaction offers (node-sdk types it as `any`): single-document operations by `_id`. */
export interface Transaction {
  collection: Database['collection'];
}
type Reader = Pick<Database, 'collection'> | Transaction;

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

/**
 * The ledger's one retry policy, for transaction conflicts and chain-position duplicates alike.
 * Every booking writes its community's book, so bookings started together conflict and land one
 * at a time: 50 at once for one person took at most 12–18 attempts on a heavily loaded 2-core
 * machine (tests/functions/ledger-contention.test.ts). The pauses before giving up add up to ~10 s
 * on average and at most 19.6 s, inside the function's timeout.
 */
export const LEDGER_RETRY: RetryPolicy = { maxAttempts: 24, baseMs: 50, capMs: 1000 };

const BUSY = '积分记账的人太多，请稍后再试';

/**
 * Runs `attempt` under LEDGER_RETRY while `retryable` says so; past the bound the caller gets
 * CONFLICT with a message to try again later.
 */
export async function underLedgerRetry<T>(
  attempt: () => Promise<T>,
  retryable: (err: unknown) => boolean,
): Promise<{ value: T; attempts: number }> {
  try {
    return await retrying(LEDGER_RETRY, attempt, retryable);
  } catch (err) {
    if (!(err instanceof RetriesExhausted)) throw err;
    log.warn('ledger retries exhausted', { attempts: err.attempts, error: String(err.lastError) });
    throw new AppError('CONFLICT', BUSY);
  }
}

/** One transaction, one try (node-sdk's own retries off: conflicts are retried by the policy). */
export async function transactionOnce<T>(db: Database, work: (t: Transaction) => Promise<T>): Promise<T> {
  return (await db.runTransaction(work, 0)) as T;
}

/** Runs `work` in a transaction, again on a write conflict, under LEDGER_RETRY. */
export async function inTransaction<T>(db: Database, work: (t: Transaction) => Promise<T>): Promise<T> {
  return (await underLedgerRetry(() => transactionOnce(db, work), isConflict)).value;
}

/** Maps a broken scheme rule to the caller's error. */
export function asAppError(err: unknown): unknown {
  return err instanceof PointsError ? new AppError(err.code, err.message) : err;
}
