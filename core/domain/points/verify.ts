/**
 * The verifier: replays a community's entries in order, checks each entry's hash and its link to
 * the previous one, recomputes balances, period tallies, cap counters and the issuing total, and
 * compares them with the stored documents — naming each document that disagrees.
 */
import type { VerifyProblem } from '../../contracts/points';
import { GENESIS_HASH } from './canonical';
import { applyEntry, emptyAccount, entryHash, talliesAfter } from './ledger';
import { ISSUING, POINT_COLLECTIONS, type AccountDoc, type BookDoc, type EntryDoc, type PublicationDoc, type TallyDoc } from './model';
import { rowsHash as hashRows, type Standing } from './publication';
import { gradeOf, rankAll } from './ranking';

export const MAX_PROBLEMS = 100;

export interface VerifyInput {
  communityId: string;
  book: BookDoc | null;
  /** every entry of the community, in seq order */
  entries: EntryDoc[];
  accounts: AccountDoc[];
  tallies: TallyDoc[];
  publication?: PublicationDoc;
}

export interface VerifyResult {
  problems: VerifyProblem[];
  truncated: boolean;
  head: { seq: number; hash: string };
  checked: { entries: number; accounts: number; tallies: number; publicationRows: number };
}

class Problems {
  list: VerifyProblem[] = [];
  truncated = false;
  add(p: VerifyProblem) {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.truncated = true;
  }
}

const str = (v: unknown) => (v === undefined ? '（无）' : typeof v === 'string' ? v : JSON.stringify(v));

/** The ledger replayed: what every derived document must hold. */
export interface Replay {
  accounts: Map<string, AccountDoc>;
  tallies: Map<string, TallyDoc>;
  issued: number;
  head: { seq: number; hash: string };
}

/** Replays entries (up to `uptoSeq`) into accounts and tallies, checking hashes and links. */
export function replay(communityId: string, entries: EntryDoc[], problems?: Problems, uptoSeq = Infinity): Replay {
  const accounts = new Map<string, AccountDoc>();
  const tallies = new Map<string, TallyDoc>();
  let issued = 0;
  let head = { seq: 0, hash: GENESIS_HASH };
  for (const entry of entries) {
    if (entry.seq > uptoSeq) break;
    if (problems) checkEntry(entry, head, problems);
    const before =
      accounts.get(entry.personId) ??
      emptyAccount(communityId, { personId: entry.personId, name: entry.personName, branchId: entry.branchId }, entry.createdAt);
    const after = applyEntry(before, entry);
    accounts.set(entry.personId, after);
    for (const t of talliesAfter(after, entry)) tallies.set(t._id, t);
    issued -= entry.postings.find((p) => p.account === ISSUING)?.delta ?? 0;
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { accounts, tallies, issued, head };
}

function checkEntry(entry: EntryDoc, prev: { seq: number; hash: string }, problems: Problems) {
  const base = { collection: POINT_COLLECTIONS.entries, docId: entry._id };
  const recomputed = entryHash(entry);
  if (recomputed !== entry.hash) {
    problems.add({ ...base, kind: 'entry', field: 'hash', expected: recomputed, actual: entry.hash, message: `第 ${entry.seq} 条记录的内容与其哈希不符，记录被改动过` });
  }
  if (entry.seq !== prev.seq + 1) {
    problems.add({ ...base, kind: 'chain', field: 'seq', expected: String(prev.seq + 1), actual: String(entry.seq), message: `第 ${prev.seq} 条之后缺少记录或序号不连续` });
  }
  if (entry.prevHash !== prev.hash) {
    problems.add({ ...base, kind: 'chain', field: 'prevHash', expected: prev.hash, actual: entry.prevHash, message: `第 ${entry.seq} 条记录与前一条记录的哈希链接不符` });
  }
  const sum = entry.postings.reduce((s, p) => s + p.delta, 0);
  if (sum !== 0 || entry.postings.length !== 2) {
    problems.add({ ...base, kind: 'entry', field: 'postings', expected: '两笔分录且合计为 0', actual: str(entry.postings), message: `第 ${entry.seq} 条记录借贷不平` });
  }
}

function compareFields(
  problems: Problems,
  kind: 'account' | 'tally' | 'book',
  collection: string,
  docId: string,
  fields: [string, unknown, unknown][],
  what: string,
) {
  for (const [field, expected, actual] of fields) {
    if (str(expected) !== str(actual)) {
      problems.add({ kind, collection, docId, field, expected: str(expected), actual: str(actual), message: `${what}的 ${field} 应为 ${str(expected)}，实际为 ${str(actual)}` });
    }
  }
}

export function verifyLedger(input: VerifyInput): VerifyResult {
  const problems = new Problems();
  const entries = [...input.entries].sort((a, b) => a.seq - b.seq);
  const r = replay(input.communityId, entries, problems);

  if (input.book) {
    compareFields(problems, 'book', POINT_COLLECTIONS.books, input.book._id, [
      ['head.seq', r.head.seq, input.book.head.seq],
      ['head.hash', r.head.hash, input.book.head.hash],
      ['issued', r.issued, input.book.issued],
    ], '社区积分账本');
  } else if (entries.length) {
    problems.add({ kind: 'book', collection: POINT_COLLECTIONS.books, docId: input.communityId, field: '_id', expected: '存在', actual: '缺失', message: '社区积分账本缺失' });
  }

  const storedAccounts = new Map(input.accounts.map((a) => [a._id, a]));
  for (const expected of r.accounts.values()) {
    const actual = storedAccounts.get(expected._id);
    storedAccounts.delete(expected._id);
    const who = `${expected.name}的积分账户`;
    if (!actual) {
      problems.add({ kind: 'account', collection: POINT_COLLECTIONS.accounts, docId: expected._id, field: '_id', expected: '存在', actual: '缺失', message: `${who}缺失` });
      continue;
    }
    const keys = new Set([...Object.keys(expected.periods), ...Object.keys(actual.periods)]);
    const capKeys = new Set([...Object.keys(expected.caps), ...Object.keys(actual.caps)]);
    compareFields(problems, 'account', POINT_COLLECTIONS.accounts, expected._id, [
      ['balance', expected.balance, actual.balance],
      ['lastSeq', expected.lastSeq, actual.lastSeq],
      ...[...keys].sort().map((k): [string, unknown, unknown] => [`periods.${k}`, expected.periods[k], actual.periods[k]]),
      ...[...capKeys].sort().map((k): [string, unknown, unknown] => [`caps.${k}`, expected.caps[k], actual.caps[k]]),
    ], who);
  }
  for (const extra of storedAccounts.values()) {
    problems.add({ kind: 'account', collection: POINT_COLLECTIONS.accounts, docId: extra._id, field: 'balance', expected: '无此账户', actual: str(extra.balance), message: `积分账户 ${extra._id} 没有任何记录支撑` });
  }

  const storedTallies = new Map(input.tallies.map((t) => [t._id, t]));
  for (const expected of r.tallies.values()) {
    const actual = storedTallies.get(expected._id);
    storedTallies.delete(expected._id);
    const what = `${expected.name} ${expected.periodKey} 的积分统计`;
    if (!actual) {
      problems.add({ kind: 'tally', collection: POINT_COLLECTIONS.tallies, docId: expected._id, field: '_id', expected: '存在', actual: '缺失', message: `${what}缺失` });
      continue;
    }
    compareFields(problems, 'tally', POINT_COLLECTIONS.tallies, expected._id, [
      ['points', expected.points, actual.points],
      ['count', expected.count, actual.count],
      ['branchId', expected.branchId, actual.branchId],
    ], what);
  }
  for (const extra of storedTallies.values()) {
    problems.add({ kind: 'tally', collection: POINT_COLLECTIONS.tallies, docId: extra._id, field: 'points', expected: '无此统计', actual: str(extra.points), message: `积分统计 ${extra._id} 没有任何记录支撑` });
  }

  let publicationRows = 0;
  if (input.publication) publicationRows = verifyPublication(input.publication, entries, problems);

  return {
    problems: problems.list,
    truncated: problems.truncated,
    head: r.head,
    checked: { entries: entries.length, accounts: input.accounts.length, tallies: input.tallies.length, publicationRows },
  };
}

/** The standings of a scope and period as the ledger had them at `uptoSeq`. */
export function standingsAt(
  communityId: string,
  entries: EntryDoc[],
  periodKey: string,
  scope: { type: 'branch' | 'community'; id: string },
  uptoSeq: number,
): Standing[] {
  const { tallies } = replay(communityId, entries, undefined, uptoSeq);
  return [...tallies.values()]
    .filter((t) => t.periodKey === periodKey && (scope.type === 'community' || t.branchId === scope.id))
    .map((t) => ({ personId: t.personId, points: t.points }));
}

function verifyPublication(pub: PublicationDoc, entries: EntryDoc[], problems: Problems): number {
  const base = { kind: 'publication' as const, collection: POINT_COLLECTIONS.publications, docId: pub._id };
  const atHead = entries.find((e) => e.seq === pub.head.seq);
  if (pub.head.seq > 0 && atHead?.hash !== pub.head.hash) {
    problems.add({ ...base, field: 'head.hash', expected: atHead?.hash ?? '（无此记录）', actual: pub.head.hash, message: `公示记录的截止哈希与账本第 ${pub.head.seq} 条记录不符` });
  }
  const actualHash = hashRows(pub.rows);
  if (actualHash !== pub.rowsHash) {
    problems.add({ ...base, field: 'rowsHash', expected: actualHash, actual: pub.rowsHash, message: '公示名单与其哈希不符，名单被改动过' });
  }
  const expected = rankAll(standingsAt(pub.communityId, entries, pub.periodKey, pub.scope, pub.head.seq)).map((s) => ({
    ...s,
    grade: gradeOf(s.points, pub.grading),
  }));
  const frozen = new Map(pub.rows.map((r) => [r.personId, r]));
  for (const e of expected) {
    const row = frozen.get(e.personId);
    frozen.delete(e.personId);
    const exp = `${e.rank}名 ${e.points}分 ${e.grade}`;
    const act = row ? `${row.rank}名 ${row.points}分 ${row.grade}` : '（不在名单中）';
    if (exp !== act) {
      problems.add({ ...base, field: `rows.${e.personId}`, expected: exp, actual: act, message: `公示名单中 ${row?.name ?? e.personId} 的排名或积分与账本不符` });
    }
  }
  for (const extra of frozen.values()) {
    problems.add({ ...base, field: `rows.${extra.personId}`, expected: '（不在名单中）', actual: `${extra.rank}名 ${extra.points}分`, message: `公示名单中的 ${extra.name} 在账本中没有记录` });
  }
  return pub.rows.length;
}
