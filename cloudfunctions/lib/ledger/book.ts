/**
 * Booking entries: the book (rule + chain head), the recipients' accounts, the new entries, the
 * accounts and tallies after them — read, planned by core and written in ONE transaction. Entry
 * ids derive from the idempotency key, so a retry cannot book twice: its insert collides and the
 * first result is returned instead. Conflicts and chain-position races are retried under one
 * bounded policy (LEDGER_RETRY); `attempts` says how many transactions a booking took.
 */
import { hashOf, type Canonical } from '../../../core/domain/points/canonical';
import { planPostings, planReversal, replayOf, type PostingRequest, type Recipient } from '../../../core/domain/points/ledger';
import { accountDoc, accountId, POINT_COLLECTIONS as C, entryId, reversalId, type BookDoc, type EntryDoc } from '../../../core/domain/points/model';
import { monthOf } from '../../../core/domain/points/periods';
import type { Database } from '../cloud';
import { AppError } from '../errors';
import { log } from '../log';
import { isConflict, isDuplicate } from '../db-errors';
import { now as clockNow } from '../clock';
import { getBook, getDoc, getEntries, readAccounts, transactionOnce, underLedgerRetry, writeLedger, type Transaction } from './store';

export const requestHash = (payload: unknown) => hashOf(payload as Canonical);

/** One posting as a caller describes it; `item` and `points` may depend on the current book. */
export interface PostingSpec {
  recipient: Recipient;
  /** distinguishes the entries of one call (usually the person id) */
  entryKey: string;
  build(book: BookDoc): Omit<PostingRequest, 'id' | 'recipient' | 'idempotencyKey' | 'requestHash' | 'month'> & { month?: string };
}

export interface Booked {
  entries: EntryDoc[];
  replayed: boolean;
  /** transactions run, the first included (≤ LEDGER_RETRY.maxAttempts) */
  attempts: number;
}

/** Replayed: the booking's entries found already written. */
class Replayed {
  constructor(readonly entries: EntryDoc[]) {}
}

/**
 * One booking under the retry policy. After a failed transaction, `alreadyBooked` looks for the
 * entries first (a retry of a booked call at a cap must replay, not fail), except after a plain
 * conflict: the next attempt will collide with them if they exist.
 */
async function booking(attempt: () => Promise<EntryDoc[]>, alreadyBooked: () => Promise<EntryDoc[] | null>): Promise<Booked> {
  const { value, attempts } = await underLedgerRetry(async () => {
    try {
      return await attempt();
    } catch (err) {
      if (isConflict(err)) throw err;
      const existing = await alreadyBooked();
      if (existing) return new Replayed(existing);
      throw err; // a duplicate here is another booking at the same chain position: retried
    }
  }, (err) => isConflict(err) || isDuplicate(err));
  if (attempts > 1) log.info('ledger booked after retries', { attempts });
  return value instanceof Replayed ? { entries: value.entries, replayed: true, attempts } : { entries: value, replayed: false, attempts };
}

/**
 * Books the postings atomically. `alsoInTransaction` runs inside the same transaction after the
 * plan (e.g. marking a claim approved) and may throw to abort it.
 */
export async function book(
  db: Database,
  opts: {
    communityId: string;
    actorId: string | null;
    idempotencyKey: string;
    requestHash: string;
    specs: PostingSpec[];
    alsoInTransaction?: (t: Transaction, entries: EntryDoc[]) => Promise<void>;
  },
): Promise<Booked> {
  const ids = opts.specs.map((s) => entryId(opts.communityId, opts.idempotencyKey, s.entryKey));
  const personIds = [...new Set(opts.specs.map((s) => s.recipient.personId))];
  return booking(
    () =>
      transactionOnce(db, async (t) => {
        // independent reads: one round trip of latency, not two
        const [current, accounts] = await Promise.all([getBook(t, opts.communityId), readAccounts(t, opts.communityId, personIds)]);
        const now = clockNow().toISOString();
        const requests: PostingRequest[] = opts.specs.map((s, i) => {
          const built = s.build(current);
          return {
            ...built,
            id: ids[i],
            recipient: s.recipient,
            month: built.month ?? monthOf(now),
            idempotencyKey: opts.idempotencyKey,
            requestHash: opts.requestHash,
          };
        });
        const write = planPostings(current, accounts, requests, opts.actorId, now);
        await writeLedger(t, write);
        await opts.alsoInTransaction?.(t, write.entries);
        return write.entries;
      }),
    async () => {
      const existing = await getEntries(db, ids);
      if (!existing.length) return null;
      const byId = new Map(existing.map((e) => [e._id, e]));
      return replayOf(ids.map((id) => byId.get(id)).filter((e): e is EntryDoc => !!e), opts.requestHash);
    },
  );
}

/** Reverses one entry (at most once: the reversal's id derives from the original's), read before. */
export async function reverse(
  db: Database,
  opts: { original: EntryDoc | null; reason: string; idempotencyKey: string; actorId: string | null; authorize(original: EntryDoc): Promise<Recipient> },
): Promise<Booked> {
  const { original } = opts;
  if (!original) throw new AppError('NOT_FOUND', '没有找到这条积分记录');
  const recipient = await opts.authorize(original);
  if (original.kind === 'reversal') throw new AppError('PRECONDITION_FAILED', '冲正记录不能再被冲正');
  const id = reversalId(original._id);
  const hash = requestHash({ action: 'reverse', entryId: original._id, reason: opts.reason });
  return booking(
    () =>
      transactionOnce(db, async (t) => {
        const [current, account] = await Promise.all([
          getBook(t, original.communityId),
          getDoc(t, C.accounts, accountId(original.communityId, original.personId), accountDoc),
        ]);
        const write = planReversal(
          current,
          account,
          { id, original, recipient, reason: opts.reason, idempotencyKey: opts.idempotencyKey, requestHash: hash },
          opts.actorId,
          clockNow().toISOString(),
        );
        await writeLedger(t, write);
        return write.entries;
      }),
    async () => {
      const [existing] = await getEntries(db, [id]);
      if (!existing) return null;
      if (existing.idempotencyKey !== opts.idempotencyKey) throw new AppError('CONFLICT', '这条记录已经冲正过了');
      return replayOf([existing], hash);
    },
  );
}
