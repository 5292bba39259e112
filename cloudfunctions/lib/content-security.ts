/**
 * WeChat content security (内容安全): `msgSecCheck` v2 by cloud call, for text a person writes that
 * others will read (objections, requests, notices, wishes). `pass` may be shown, `review` is held
 * for staff, `risky` is refused. No verdict — WeChat answered an error or the call failed — is
 * never taken as a pass: the action fails and the person is asked to try again.
 */
import { z } from 'zod';
import type { CloudApp } from './cloud';
import { AppError } from './errors';
import { log } from './log';

/** WeChat's scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
export const CONTENT_SCENES = { profile: 1, comment: 2, forum: 3, journal: 4 } as const;
export type ContentScene = keyof typeof CONTENT_SCENES;

export interface ContentVerdict {
  suggest: 'pass' | 'review' | 'risky';
  /** WeChat's label: 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 20008 欺诈, … 21000 其他 */
  label: number;
  traceId: string | null;
}

/** msg_sec_check accepts at most 2500 characters */
const MAX_CONTENT_CHARS = 2500;

const answer = z.object({
  errcode: z.number(),
  errmsg: z.string().optional(),
  result: z.object({ suggest: z.enum(['pass', 'review', 'risky']), label: z.number() }).optional(),
  trace_id: z.string().optional(),
});

export const CONTENT_CHECK_UNAVAILABLE = '内容安全检查暂时无法完成，请稍后再提交';

/** The verdict on `content`, written by the WeChat user `openid` (who must have opened the mini-program lately). */
export async function checkText(app: CloudApp, input: { openid: string; scene: ContentScene; content: string; title?: string }): Promise<ContentVerdict> {
  if ([...input.content].length > MAX_CONTENT_CHARS) throw new Error(`checkText: content over ${MAX_CONTENT_CHARS} characters`);
  const requestData = { content: input.content, version: 2, scene: CONTENT_SCENES[input.scene], openid: input.openid, ...(input.title ? { title: input.title } : {}) };
  let raw: unknown;
  try {
    raw = await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData } as Parameters<CloudApp['callWxOpenApi']>[0]);
  } catch (err) {
    log.error('content check failed', { error: err instanceof Error ? err.message : String(err) });
    throw new AppError('INTERNAL', CONTENT_CHECK_UNAVAILABLE);
  }
  const parsed = answer.safeParse((raw as { result?: unknown } | null)?.result);
  if (!parsed.success || parsed.data.errcode !== 0 || !parsed.data.result) {
    // node-sdk answers a cloud error as { code, message } without throwing
    const detail = parsed.success ? { errcode: parsed.data.errcode, errmsg: parsed.data.errmsg } : { answer: JSON.stringify(raw).slice(0, 300) };
    log.error('content check refused', detail);
    throw new AppError('INTERNAL', CONTENT_CHECK_UNAVAILABLE);
  }
  return { ...parsed.data.result, traceId: parsed.data.trace_id ?? null };
}

/** Refuses `risky` text with CONTENT_REJECTED; `what` names it for the person (异议内容, 诉求内容 …). */
export function refuseRisky(verdict: ContentVerdict, what: string, path?: string): void {
  if (verdict.suggest !== 'risky') return;
  const message = `${what}含有不适宜公开的内容，请修改后再提交`;
  throw new AppError('CONTENT_REJECTED', message, path ? [{ path, message }] : undefined);
}

const mediaAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional(), trace_id: z.string().optional() });

/**
 * Starts WeChat's asynchronous check of an image (`mediaCheckAsync` v2) at `mediaUrl`, which WeChat
 * downloads (≤ 10 MB). Answers the trace id its verdict will carry when WeChat pushes it
 * (`wxa_media_check`, within 30 minutes), or null when the check could not be started (logged): the
 * image then stays unverified, never taken as passed.
 */
export async function startMediaCheck(app: CloudApp, input: { openid: string; scene: ContentScene; mediaUrl: string }): Promise<string | null> {
  const requestData = { media_url: input.mediaUrl, media_type: 2, version: 2, scene: CONTENT_SCENES[input.scene], openid: input.openid };
  try {
    const raw = await app.callWxOpenApi({ apiName: '/wxa/media_check_async', requestData } as Parameters<CloudApp['callWxOpenApi']>[0]);
    const parsed = mediaAnswer.safeParse((raw as { result?: unknown } | null)?.result);
    if (parsed.success && parsed.data.errcode === 0 && parsed.data.trace_id) return parsed.data.trace_id;
    log.error('media check not started', parsed.success ? { errcode: parsed.data.errcode, errmsg: parsed.data.errmsg } : { answer: JSON.stringify(raw).slice(0, 300) });
  } catch (err) {
    log.error('media check failed', { error: err instanceof Error ? err.message : String(err) });
  }
  return null;
}
