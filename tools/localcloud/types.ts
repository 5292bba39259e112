/**
 * The seams between the local cloud's parts. server.ts wires them; each part lives in its folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered to node-sdk as `{ code, message }` (HTTP 200), which it throws as a TcbError. */
export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Body of a `/admin` request, as node-sdk posts it. */
export type AdminRequest = { action: string } & Record<string, unknown>;

/** What a part answers for one `/admin` action: merged into `{ requestId, ...answer }`. */
export type AdminAnswer = Record<string, unknown>;

export interface DatabaseService {
  /** `database.*` actions; throws CloudError on bad input or a database error. */
  handle(action: string, body: AdminRequest): Promise<AdminAnswer>;
  /** counters for tests and benchmarks: requests per action since start or last reset */
  stats(): Record<string, number>;
  resetStats(): void;
  close(): Promise<void>;
}

export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  uuid?: string;
  /** the invocation's source chain as CloudBase passes it (`TCB_SOURCE`): `wx_client`, `wx_client,scf`, `wx_trigger`, … */
  source?: string;
}

export type InvokeResult =
  | { ok: true; result: unknown; durationMs: number }
  | { ok: false; code: string; message: string; durationMs: number };

export interface FunctionRunner {
  /** Runs `cloudfunctions/<name>/index.js#main(event, context)` as the given caller. */
  invoke(name: string, event: unknown, caller: CallerIdentity): Promise<InvokeResult>;
  /**
   * `functions.invokeFunction` from node-sdk; `source` is the request's `X-TCB-Source` (node-sdk
   * sends its own chain plus where it runs, `scf` in a function), which becomes the callee's chain
   */
  handle(action: string, body: AdminRequest, source?: string): Promise<AdminAnswer>;
  close(): Promise<void>;
}

/** Handles one HTTP request if it is theirs; returns false to let the next part try. */
export type HttpPart = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface WxStub {
  /** `wx.api` (cloud call of WeChat open APIs) */
  handle(action: string, body: AdminRequest): Promise<AdminAnswer>;
  /** the official-account HTTP API under `/wx/…` and test control under `/__localcloud/wx/…` */
  http: HttpPart;
}

export interface StorageService {
  /** `storage.*` actions: getUploadMetadata, batchGetDownloadUrl, batchDeleteFile */
  handle(action: string, body: AdminRequest): Promise<AdminAnswer>;
  /** the COS stand-in under `/files/…`: signed PUT uploads and signed, expiring GET/HEAD downloads */
  http: HttpPart;
}
