/**
 * The ledger's rules, pure: turning an award or a reversal into entries, and applying entries to
 * accounts and period tallies. The cloud function reads the documents, calls these, and writes the
 * result in one transaction; the verifier replays the same rules over the entries.
 */
import type { ErrorCode } from '../../contracts/common';
import { PERIOD_TYPE_LABELS, type EntrySource, type EntryView, type RuleItem } from '../../contracts/points';
import { hashOf, type Canonical } from './canonical';
import {
  ISSUING,
  accountId,
  personAccount,
  tallyId,
  type AccountDoc,
  type BookDoc,
  type EntryDoc,
  type TallyDoc,
} from './model';
import { periodOfMonth, periodType, periodsOfMonth } from './periods';
import { sealName } from './entry-name';

/** A rule of the scheme was broken; the function answers it as `{ code, message }`. */
export class PointsError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PointsError';
  }
}

export interface Recipient {
  personId: string;
  name: string;
  branchId: string | null;
}

/** One posting to one person, as an award, adjustment or correction asks for it. */
export interface PostingRequest {
  id: string;
  recipient: Recipient;
  /** signed change of the person's balance */
  points: number;
  item: Pick<RuleItem, 'code' | 'name' | 'version' | 'cap'> | null;
  source: { type: EntrySource; id: string | null };
  reason: string | null;
  month: string;
  idempotencyKey: string;
  requestHash: string;
}

export interface LedgerWrite {
  entries: EntryDoc[];
  book: BookDoc;
  /** the changed accounts and the tallies they imply, with absolute values (written with `set`) */
  accounts: AccountDoc[];
  tallies: TallyDoc[];
}

/**
 * Everything an entry's hash covers: all its fields but the hash itself and, on sealed entries,
 * the name and its salt (the digest stands for them, so the name can be erased: entry-name.ts).
 */
export function entryHash(entry: Omit<EntryDoc, 'hash'>): string {
  const { hash: _ignored, ...content } = entry as EntryDoc;
  if (content.nameDigest === undefined) return hashOf(content as unknown as Canonical);
  const { personName: _name, nameSalt: _salt, ...sealed } = content;
  return hashOf(sealed as unknown as Canonical);
}

export function personDelta(entry: Pick<EntryDoc, 'postings' | 'personId'>): number {
  return entry.postings.find((p) => p.account === personAccount(entry.personId))?.delta ?? 0;
}

export function emptyAccount(communityId: string, recipient: Recipient, now: string): AccountDoc {
  return {
    _id: accountId(communityId, recipient.personId),
    communityId,
    personId: recipient.personId,
    name: recipient.name,
    branchId: recipient.branchId,
    balance: 0,
    lastSeq: 0,
    periods: {},
    caps: {},
    updatedAt: now,
  };
}

/** The account after one more entry. */
export function applyEntry(account: AccountDoc, entry: EntryDoc): AccountDoc {
  const delta = personDelta(entry);
  const step = entry.kind === 'award' ? 1 : -1;
  const periods = { ...account.periods };
  for (const key of Object.values(periodsOfMonth(entry.month))) {
    const cur = periods[key] ?? { points: 0, count: 0 };
    periods[key] = { points: cur.points + delta, count: cur.count + step };
  }
  const caps = { ...account.caps };
  if (entry.capKey) {
    const cur = caps[entry.capKey] ?? { points: 0, count: 0 };
    caps[entry.capKey] = { points: cur.points + delta, count: cur.count + step };
  }
  return {
    ...account,
    name: entry.personName,
    branchId: entry.branchId,
    balance: account.balance + delta,
    lastSeq: entry.seq,
    periods,
    caps,
    updatedAt: entry.createdAt,
  };
}

/** The month, quarter and year tallies an entry touches, from the account after it. */
export function talliesAfter(account: AccountDoc, entry: EntryDoc): TallyDoc[] {
  return Object.values(periodsOfMonth(entry.month)).map((key) => ({
    _id: tallyId(key, account.communityId, account.personId),
    communityId: account.communityId,
    branchId: entry.branchId,
    personId: account.personId,
    name: entry.personName,
    periodKey: key,
    periodType: periodType(key),
    points: account.periods[key].points,
    count: account.periods[key].count,
    updatedAt: entry.createdAt,
  }));
}

function capCheck(account: AccountDoc, req: PostingRequest): string | null {
  const cap = req.item?.cap;
  if (!req.item || !cap) return null;
  const capKey = `${req.item.code}@${periodOfMonth(req.month, cap.period)}`;
  const used = account.caps[capKey] ?? { points: 0, count: 0 };
  const label = PERIOD_TYPE_LABELS[cap.period];
  if (cap.count !== undefined && used.count + 1 > cap.count) {
    throw new PointsError('PRECONDITION_FAILED', `「${req.item.name}」每人每${label.slice(0, 1)}最多 ${cap.count} 次，${req.recipient.name}已达上限`);
  }
  if (cap.points !== undefined && used.points + req.points > cap.points) {
    throw new PointsError('PRECONDITION_FAILED', `「${req.item.name}」每人每${label.slice(0, 1)}最多 ${cap.points} 分，${req.recipient.name}已达上限`);
  }
  return capKey;
}

/** Chains one entry after the book's head; returns the entry and the book after it. */
function append(book: BookDoc, fields: Omit<EntryDoc, 'seq' | 'prevHash' | 'hash' | 'communityId'>): { entry: EntryDoc; book: BookDoc } {
  const body: Omit<EntryDoc, 'hash'> = { ...fields, communityId: book.communityId, seq: book.head.seq + 1, prevHash: book.head.hash };
  const entry: EntryDoc = { ...body, hash: entryHash(body) };
  const issuedDelta = -(entry.postings.find((p) => p.account === ISSUING)?.delta ?? 0);
  return {
    entry,
    book: { ...book, head: { seq: entry.seq, hash: entry.hash }, issued: book.issued + issuedDelta, updatedAt: entry.createdAt },
  };
}

function collect(book: BookDoc, accounts: Map<string, AccountDoc>, entries: EntryDoc[]): LedgerWrite {
  const touched = new Set(entries.map((e) => e.personId));
  // tallies carry the values after each person's last entry (absolute, so no read is needed)
  const tallies = new Map<string, TallyDoc>();
  for (const entry of entries) {
    for (const t of talliesAfter(accounts.get(entry.personId)!, entry)) tallies.set(t._id, t);
  }
  return {
    entries,
    book,
    accounts: [...touched].map((id) => accounts.get(id)!),
    tallies: [...tallies.values()],
  };
}

/**
 * Awards (or deducts, for a negative adjustment) to each recipient in order, enforcing caps.
 * `accounts` holds the current account of each recipient, or null for a first award.
 */
export function planPostings(
  book: BookDoc,
  current: Map<string, AccountDoc | null>,
  requests: PostingRequest[],
  actorId: string | null,
  now: string,
): LedgerWrite {
  const accounts = new Map<string, AccountDoc>();
  const entries: EntryDoc[] = [];
  for (const req of requests) {
    const before =
      accounts.get(req.recipient.personId) ?? current.get(req.recipient.personId) ?? emptyAccount(book.communityId, req.recipient, now);
    const capKey = capCheck(before, req);
    const appended = append(book, {
      _id: req.id,
      kind: 'award',
      personId: req.recipient.personId,
      ...sealName(req.recipient.name),
      branchId: req.recipient.branchId,
      postings: [
        { account: ISSUING, delta: -req.points },
        { account: personAccount(req.recipient.personId), delta: req.points },
      ],
      item: req.item ? { code: req.item.code, name: req.item.name, version: req.item.version } : null,
      capKey,
      source: req.source,
      reason: req.reason,
      month: req.month,
      reverses: null,
      idempotencyKey: req.idempotencyKey,
      requestHash: req.requestHash,
      actorId,
      createdAt: now,
    });
    book = appended.book;
    entries.push(appended.entry);
    accounts.set(req.recipient.personId, applyEntry(before, appended.entry));
  }
  return collect(book, accounts, entries);
}

export interface ReversalRequest {
  id: string;
  original: EntryDoc;
  /** the person as they are now (their branch may have changed since) */
  recipient: Recipient;
  reason: string;
  idempotencyKey: string;
  requestHash: string;
}

/** A transfer back of the original entry, counted in the original's month and cap counter. */
export function planReversal(book: BookDoc, account: AccountDoc | null, req: ReversalRequest, actorId: string | null, now: string): LedgerWrite {
  const { original } = req;
  if (original.kind === 'reversal') throw new PointsError('PRECONDITION_FAILED', '冲正记录不能再被冲正');
  if (original.communityId !== book.communityId) throw new PointsError('NOT_FOUND', '没有找到这条积分记录');
  const before = account ?? emptyAccount(book.communityId, req.recipient, now);
  const appended = append(book, {
    _id: req.id,
    kind: 'reversal',
    personId: original.personId,
    ...sealName(req.recipient.name),
    branchId: req.recipient.branchId,
    postings: original.postings.map((p) => ({ account: p.account, delta: -p.delta })),
    item: original.item,
    capKey: original.capKey,
    source: original.source,
    reason: req.reason,
    month: original.month,
    reverses: original._id,
    idempotencyKey: req.idempotencyKey,
    requestHash: req.requestHash,
    actorId,
    createdAt: now,
  });
  const accounts = new Map([[original.personId, applyEntry(before, appended.entry)]]);
  return collect(appended.book, accounts, [appended.entry]);
}

/**
 * A retried write: the entries it wrote before. Same key and same payload → the original result;
 * same key, different payload → IDEMPOTENCY_CONFLICT.
 */
export function replayOf(existing: EntryDoc[], requestHash: string): EntryDoc[] {
  if (existing.some((e) => e.requestHash !== requestHash)) {
    throw new PointsError('IDEMPOTENCY_CONFLICT', '这个请求编号已用于另一次不同的操作，请刷新后重试');
  }
  return existing;
}

export function entryView(entry: EntryDoc, reversedBy: string | null = null): EntryView {
  return {
    id: entry._id,
    seq: entry.seq,
    kind: entry.kind,
    person: { id: entry.personId, name: entry.personName },
    branchId: entry.branchId,
    points: personDelta(entry),
    item: entry.item,
    source: entry.source,
    reason: entry.reason,
    month: entry.month,
    reverses: entry.reverses,
    reversedBy,
    createdAt: entry.createdAt,
    hash: entry.hash,
  };
}
