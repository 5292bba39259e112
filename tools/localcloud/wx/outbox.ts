/** Every call to the WeChat stub, in order, plus the failures a test asked for. */
import { wxError, type WxErrorBody } from './errors';

export interface WxCall {
  seq: number;
  /** ISO time the call arrived */
  at: string;
  /** `cloud`: wx.api through node-sdk; `http`: WeChat's HTTP API (tokens, official account, mini-program) */
  channel: 'cloud' | 'http';
  /** the API path, e.g. `/cgi-bin/draft/add` */
  api: string;
  /** query parameters (HTTP calls) */
  query: Record<string, string>;
  /** the parsed request body (a multipart upload is summarised: fields and file names/sizes) */
  request: unknown;
  /** what the stub answered (a code image as `{ contentType, size }`) */
  response: unknown;
}

export interface FailurePlan {
  api: string;
  errcode: number;
  errmsg?: string;
  /** how many of the next calls fail (default 1) */
  times?: number;
}

export class Outbox {
  private calls: WxCall[] = [];
  private seq = 0;
  private failures: Required<FailurePlan>[] = [];

  record(call: Omit<WxCall, 'seq' | 'at'>): WxCall {
    const entry = { seq: ++this.seq, at: new Date().toISOString(), ...call };
    this.calls.push(entry);
    return entry;
  }

  list(api?: string): WxCall[] {
    return api ? this.calls.filter((c) => c.api === api) : [...this.calls];
  }

  clear(): void {
    this.calls = [];
  }

  planFailure(plan: FailurePlan): void {
    this.failures.push({ times: 1, errmsg: '', ...plan });
  }

  /** the injected error for this call of `api`, if one is due (and counts it) */
  takeFailure(api: string): WxErrorBody | null {
    const plan = this.failures.find((f) => f.api === api && f.times > 0);
    if (!plan) return null;
    plan.times -= 1;
    this.failures = this.failures.filter((f) => f.times > 0);
    return plan.errmsg ? { errcode: plan.errcode, errmsg: plan.errmsg } : wxError(plan.errcode);
  }
}
