/**
 * `/wxa/media_check_async` v2 (security.mediaCheckAsync) and its verdict, which WeChat pushes later
 * as the event `wxa_media_check` to the function the message-push configuration names (server.ts).
 * Real WeChat runs models and pushes within 30 minutes; the stub's verdict is `pass` (label 100)
 * unless a test planned another for URLs containing a given text, and it pushes after a short
 * delay — or, when the test holds verdicts, only when told to (`deliver`).
 */
import { randomBytes } from 'node:crypto';
import { WX_OK, wxError, type WxErrorBody } from './errors';
import type { Suggest } from './content-security';

export interface MediaVerdictPlan {
  /** applies to media URLs containing this text (e.g. the photo's file name) */
  match: string;
  suggest: Suggest;
  /** WeChat's label (100 正常, 20002 色情, …); default 100 for pass, 21000 otherwise */
  label?: number;
}

export interface MediaCheck {
  traceId: string;
  mediaUrl: string;
  openid: string;
  scene: number;
  suggest: Suggest;
  label: number;
  /** pushed to the function (its answer, or the failure) */
  delivered: null | { ok: boolean; result: unknown };
}

/** the event WeChat pushes (JSON push mode), as CloudBase hands it to the function */
export type MediaCheckEvent = Record<string, unknown>;

/** delay before the stub pushes a verdict nobody holds */
const PUSH_DELAY_MS = 300;
const SCENES = new Set([1, 2, 3, 4]);

export class MediaCheckStub {
  private plans: MediaVerdictPlan[] = [];
  private hold = false;
  private checks: MediaCheck[] = [];

  constructor(
    private readonly push: (event: MediaCheckEvent) => Promise<{ ok: boolean; result: unknown }>,
    private readonly appid: string,
  ) {}

  plan(plans: MediaVerdictPlan[], hold: boolean): void {
    this.plans = plans;
    this.hold = hold;
  }

  list(): MediaCheck[] {
    return this.checks.map((c) => ({ ...c }));
  }

  /** the cloud call: validates as WeChat documents, answers a trace id and schedules the push */
  start(request: unknown): WxErrorBody & { trace_id?: string } {
    const r = (request ?? {}) as Record<string, unknown>;
    if (typeof r.media_url !== 'string' || !/^https?:\/\/\S+$/.test(r.media_url)) return wxError(47001, 'media_url invalid');
    if (Number(r.media_type) !== 1 && Number(r.media_type) !== 2) return wxError(47001, 'media_type must be 1 (audio) or 2 (image)');
    if (Number(r.version) !== 2 || !SCENES.has(Number(r.scene))) return wxError(47001, 'version 2 and scene 1-4 are required');
    if (typeof r.openid !== 'string' || !r.openid) return wxError(40003);
    const mediaUrl = r.media_url;
    const plan = this.plans.find((p) => mediaUrl.includes(p.match));
    const suggest = plan?.suggest ?? 'pass';
    const check: MediaCheck = {
      traceId: `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
      mediaUrl,
      openid: r.openid,
      scene: Number(r.scene),
      suggest,
      label: plan?.label ?? (suggest === 'pass' ? 100 : 21000),
      delivered: null,
    };
    this.checks.push(check);
    if (!this.hold) setTimeout(() => void this.deliver(check.traceId), PUSH_DELAY_MS).unref();
    return { ...WX_OK, trace_id: check.traceId };
  }

  /** pushes the verdicts not yet pushed (all, or the one with `traceId`); answers what the function said */
  async deliver(traceId?: string): Promise<MediaCheck[]> {
    const due = this.checks.filter((c) => c.delivered === null && (traceId === undefined || c.traceId === traceId));
    for (const c of due) c.delivered = { ok: false, result: 'pushing' };
    await Promise.all(due.map(async (c) => (c.delivered = await this.push(this.eventOf(c)).catch((err: unknown) => ({ ok: false, result: String(err) })))));
    return due.map((c) => ({ ...c }));
  }

  private eventOf(c: MediaCheck): MediaCheckEvent {
    return {
      ToUserName: 'gh_localcloud0000',
      FromUserName: c.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.appid,
      trace_id: c.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: c.suggest, label: c.label, prob: c.suggest === 'pass' ? 0 : 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: c.suggest, label: c.label },
    };
  }
}
