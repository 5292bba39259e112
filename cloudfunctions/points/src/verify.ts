/**
 * points.verify: a community's ledger checked — by default incrementally, from the checkpoint of
 * the last full check that passed to the head (a few reads); in full by staff, which writes a new
 * checkpoint when it passes — and optionally one publication (always in full).
 */
import { pointsVerify } from '../../../core/contracts/points';
import { bookDoc, checkpointDoc, publicationDoc, POINT_COLLECTIONS as C, type BookDoc, type CheckpointDoc, type PublicationDoc } from '../../../core/domain/points/model';
import { verifyFrom, verifyLedger } from '../../../core/domain/points/verify';
import { AppError, countCall, homeCommunity, withinLimit, type Database } from '../../lib';
import { requireMember, requireStaff } from './access';
import { pointsRoute } from './guarded';
import { accounts, consistently, entriesBetween, tallies } from './snapshot';
import { getDoc } from '../../lib/ledger';
import { now } from '../../lib/clock';

/** Everything recomputed from the first entry; a pass moves the community's checkpoint to the head. */
export async function verifyCommunity(db: Database, communityId: string, by: { personId: string; publication?: PublicationDoc }) {
  const started = Date.now();
  const publication = by.publication;
  const { book, value } = await consistently(db, communityId, async (b) => {
    const [entries, accs, tals] = await Promise.all([entriesBetween(db, communityId, 0, b.head.seq), accounts(db, communityId), tallies(db, { communityId })]);
    return { entries, accounts: accs, tallies: tals };
  });
  // entries past the head were written around the book (or the head was edited): include them
  const beyond = await entriesBetween(db, communityId, book.head.seq, Number.MAX_SAFE_INTEGER);
  const result = verifyLedger({ communityId, book, entries: [...value.entries, ...beyond], accounts: value.accounts, tallies: value.tallies, publication });
  const ok = result.problems.length === 0;
  if (ok) {
    const checkpoint: Omit<CheckpointDoc, '_id'> = { communityId, head: result.head, issued: book.issued, at: now().toISOString(), byId: by.personId };
    await db.collection(C.checkpoints).doc(communityId).set(checkpoint);
  }
  return { ok, communityId, ...result, ms: Date.now() - started };
}

/** The book with its checkpoint, in one read. */
async function bookAndCheckpoint(db: Database, communityId: string): Promise<{ book: BookDoc; checkpoint: CheckpointDoc | null }> {
  const { data } = await db
    .collection(C.books)
    .aggregate()
    .match({ _id: communityId })
    .lookup({ from: C.checkpoints, localField: '_id', foreignField: '_id', as: 'checkpoints' })
    .end();
  const [row] = (data ?? []) as { checkpoints?: unknown[] }[];
  if (!row) throw new AppError('NOT_FOUND', '这个社区还没有设置积分规则');
  const [checkpoint] = row.checkpoints ?? [];
  return { book: bookDoc.parse(row), checkpoint: checkpoint ? checkpointDoc.parse(checkpoint) : null };
}

/**
 * From the checkpoint's own entry to the head: with `first` (the book and checkpoint) that is
 * 2 reads while fewer than 1,000 entries follow the checkpoint. An entry past the book's head is
 * an award that committed after the book was read — then both are read again — or one written
 * around the book, which the check reports.
 */
async function verifySinceCheckpoint(db: Database, communityId: string, first: Promise<{ book: BookDoc; checkpoint: CheckpointDoc | null }>) {
  const started = Date.now();
  let read = await first;
  for (let attempt = 1; ; attempt++) {
    const after = read.checkpoint ? read.checkpoint.head.seq - 1 : 0;
    const entries = await entriesBetween(db, communityId, after, Number.MAX_SAFE_INTEGER);
    if ((entries.at(-1)?.seq ?? 0) <= read.book.head.seq || attempt >= 3) {
      const result = verifyFrom({ ...read, entries });
      return { ok: result.problems.length === 0, communityId, ...result, ms: Date.now() - started };
    }
    read = await bookAndCheckpoint(db, communityId);
  }
}

export const verifyRoutes = [
  pointsRoute(pointsVerify, { access: 'bound' }, async ({ communityId, publicationId, full }, { db, person }) => {
    if (publicationId) {
      const pub = await withinLimit(db, 'verify', person._id, getDoc(db, C.publications, publicationId, publicationDoc));
      if (!pub) throw new AppError('NOT_FOUND', '没有找到这份公示');
      requireMember(person, pub.communityId);
      return verifyCommunity(db, pub.communityId, { personId: person._id, publication: pub });
    }
    const cid = communityId ?? homeCommunity(person);
    if (full) {
      requireStaff(person, cid);
      await countCall(db, 'verify', person._id);
      return verifyCommunity(db, cid, { personId: person._id });
    }
    requireMember(person, cid);
    return verifySinceCheckpoint(db, cid, withinLimit(db, 'verify', person._id, bookAndCheckpoint(db, cid)));
  }),
];
