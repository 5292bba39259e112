/** Errors a handler throws on purpose: they reach the caller as `{ ok: false, error }`. */
import type { AppErrorBody, ErrorCode, FieldIssue } from '../../core/contracts/common';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Chinese, fit to show a user */
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): AppErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** Shown for every failure we did not anticipate; the details go to the log only. */
export const INTERNAL_MESSAGE = '系统繁忙，请稍后再试';
