/**
 * The verifier. In full, it replays a community's entries in order, checks each entry's hash and
 * its link to the previous one, recomputes balances, period tallies, cap counters and the issuing
 * total, and compares them with the stored documents — naming each document that disagrees.
 * Incrementally (`verifyFrom`), it checks only the chain from the last full check's checkpoint to
 * the book's head, and the book's head and issuing total: what that can and cannot claim is
 * spelled out in `covers`.
 */
import type { VerifyProblem } from '../../contracts/points';
import { GENESIS_HASH } from './canonical';
import { nameIntact } from './entry-name';
import { applyEntry, emptyAccount, entryHash, talliesAfter } from './ledger';
import { ISSUING, POINT_COLLECTIONS, type AccountDoc, type BookDoc, type CheckpointDoc, type EntryDoc, type PublicationDoc, type TallyDoc } from './model';
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
  mode: 'full' | 'incremental';
  /** where an incremental check started (null: a full check, or no checkpoint yet) */
  from: { seq: number; hash: string; at: string } | null;
  /** what the check vouches for, in Chinese */
  covers: string;
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
    issued += issuedBy(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { accounts, tallies, issued, head };
}

/** What an entry adds to the book's issuing total. */
const issuedBy = (entry: EntryDoc) => -(entry.postings.find((p) => p.account === ISSUING)?.delta ?? 0);

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
  if (!nameIntact(entry)) {
    problems.add({ ...base, kind: 'entry', field: 'personName', expected: entry.nameDigest ?? '', actual: entry.personName, message: `第 ${entry.seq} 条记录的姓名与其哈希不符，记录被改动过` });
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

function checkBook(problems: Problems, book: BookDoc, head: { seq: number; hash: string }, issued: number) {
  compareFields(problems, 'book', POINT_COLLECTIONS.books, book._id, [
    ['head.seq', head.seq, book.head.seq],
    ['head.hash', head.hash, book.head.hash],
    ['issued', issued, book.issued],
  ], '社区积分账本');
}

export function verifyLedger(input: VerifyInput): VerifyResult {
  const problems = new Problems();
  const entries = [...input.entries].sort((a, b) => a.seq - b.seq);
  const r = replay(input.communityId, entries, problems);

  if (input.book) {
    checkBook(problems, input.book, r.head, r.issued);
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

  const checked = { entries: entries.length, accounts: input.accounts.length, tallies: input.tallies.length, publicationRows };
  const covers =
    `重算了全部 ${checked.entries} 条记录的哈希链、${checked.accounts} 个积分账户和 ${checked.tallies} 条积分统计，并与账本逐项核对` +
    (input.publication ? `；公示名单的 ${publicationRows} 行按公示截止时的账本重新排名核对` : '');
  return { mode: 'full', from: null, covers, problems: problems.list, truncated: problems.truncated, head: r.head, checked };
}

export interface IncrementalInput {
  book: BookDoc;
  checkpoint: CheckpointDoc | null;
  /** the community's entries from the checkpoint's own entry on (all of them without a checkpoint), in seq order */
  entries: EntryDoc[];
}

/**
 * Continues from the checkpoint: the checkpoint's entry still has the hash it was verified with,
 * every later entry's hash matches its content and links to the one before, seqs run on without
 * gaps, postings balance, and the book's head and issuing total match the entries. Accounts and
 * tallies are not recomputed (their state at the checkpoint is not kept), nor are entries before
 * the checkpoint re-read: a change to those is found by a full check.
 */
export function verifyFrom({ book, checkpoint, entries }: IncrementalInput): VerifyResult {
  const problems = new Problems();
  let head = checkpoint?.head ?? { seq: 0, hash: GENESIS_HASH };
  let issued = checkpoint?.issued ?? 0;
  let rest = [...entries].sort((a, b) => a.seq - b.seq);
  if (checkpoint && head.seq > 0) {
    const [anchor] = rest;
    if (anchor?.seq !== head.seq) {
      problems.add({ kind: 'chain', collection: POINT_COLLECTIONS.checkpoints, docId: checkpoint._id, field: 'head.seq', expected: String(head.seq), actual: anchor ? String(anchor.seq) : '（无）', message: `核验检查点所在的第 ${head.seq} 条记录缺失` });
    } else {
      rest = rest.slice(1);
      const recomputed = entryHash(anchor);
      if (anchor.hash !== head.hash || recomputed !== head.hash) {
        problems.add({ kind: 'entry', collection: POINT_COLLECTIONS.entries, docId: anchor._id, field: 'hash', expected: head.hash, actual: recomputed, message: `第 ${head.seq} 条记录与上次全面核对时不符，之前的记录可能被改动过，请工作人员全面核对` });
      }
    }
  }
  for (const entry of rest) {
    checkEntry(entry, head, problems);
    issued += issuedBy(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  checkBook(problems, book, head, issued);

  const from = checkpoint ? { ...checkpoint.head, at: checkpoint.at } : null;
  const covers =
    (from ? `从上次全面核对通过的第 ${from.seq} 条记录起，核对了之后的 ${rest.length} 条记录` : `核对了全部 ${rest.length} 条记录`) +
    '：每条记录的内容与哈希相符、与前一条链接正确、序号连续、借贷平衡，账本的最新位置和发放总数与记录一致。' +
    '各人的积分账户和统计未重算' + (from ? '，检查点之前的记录也未重读' : '') + '，由工作人员的全面核对负责';
  return { mode: 'incremental', from, covers, problems: problems.list, truncated: problems.truncated, head, checked: { entries: rest.length, accounts: 0, tallies: 0, publicationRows: 0 } };
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
