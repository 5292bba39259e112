/** points.verify: the whole community ledger, and optionally one publication, checked. */
import { pointsVerify } from '../../../core/contracts/points';
import { publicationDoc, POINT_COLLECTIONS as C } from '../../../core/domain/points/model';
import { verifyLedger } from '../../../core/domain/points/verify';
import { AppError, type Database } from '../../lib';
import { requireMember, requireStaff } from './access';
import { pointsRoute } from './guarded';
import { accounts, consistently, entriesBetween, tallies } from './snapshot';
import { getDoc } from './store';

export async function verifyCommunity(db: Database, communityId: string, publicationId?: string) {
  const started = Date.now();
  const publication = publicationId ? (await getDoc(db, C.publications, publicationId, publicationDoc)) ?? undefined : undefined;
  const { book, value } = await consistently(db, communityId, async (b) => {
    const [entries, accs, tals] = await Promise.all([entriesBetween(db, communityId, 0, b.head.seq), accounts(db, communityId), tallies(db, { communityId })]);
    return { entries, accounts: accs, tallies: tals };
  });
  // entries past the head were written around the book (or the head was edited): include them
  const beyond = await entriesBetween(db, communityId, book.head.seq, Number.MAX_SAFE_INTEGER);
  const result = verifyLedger({ communityId, book, entries: [...value.entries, ...beyond], accounts: value.accounts, tallies: value.tallies, publication });
  return { ok: result.problems.length === 0, communityId, ...result, ms: Date.now() - started };
}

export const verifyRoutes = [
  pointsRoute(pointsVerify, { access: 'bound' }, async ({ communityId, publicationId }, { db, person }) => {
    if (publicationId) {
      const pub = await getDoc(db, C.publications, publicationId, publicationDoc);
      if (!pub) throw new AppError('NOT_FOUND', '没有找到这份公示');
      requireMember(person, pub.communityId);
      return verifyCommunity(db, pub.communityId, publicationId);
    }
    const cid = communityId ?? person.communityId;
    requireStaff(person, cid);
    return verifyCommunity(db, cid);
  }),
];
