/** The points ledger, shared: `points` books through it, and so does any function that completes work. */
export { book, requestHash, reverse, type Booked, type PostingSpec } from './book';
export { awardForSource, type SourceAward } from './source-award';
export { recipientOf } from '../../../core/domain/points/recipient';
export { LEDGER_RETRY, asAppError, getBook, getByIds, getDoc, getEntries, getPersons, inTransaction, type Transaction } from './store';
