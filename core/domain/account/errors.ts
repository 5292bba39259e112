import type { ErrorCode, FieldIssue } from '../../contracts/common';

/** A rule of getting in was broken; the function answers it as `{ code, message, issues }`. */
export class AccountError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
