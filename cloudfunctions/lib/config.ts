/**
 * The functions' configuration: the only place that reads process.env (besides node-sdk itself,
 * which reads its own context variables). Validated once, on first use.
 */
import { z } from 'zod';

const configSchema = z.object({
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** WeChat's HTTP API; the local cloud points it at its stub */
  WX_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
  /** subscribe-message template (订阅消息) for a claim's review result; unset: no prompt, no message */
  SUBSCRIBE_TMPL_CLAIM_RESULT: z.string().trim().min(1).optional(),
});

export interface FunctionConfig {
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  wxApiBaseUrl: string;
  subscribeTemplates: { claimResult: string | null };
}

let loaded: FunctionConfig | undefined;

export function config(): FunctionConfig {
  if (!loaded) {
    const env = configSchema.parse(process.env);
    loaded = {
      logLevel: env.LOG_LEVEL,
      wxApiBaseUrl: env.WX_API_BASE_URL,
      subscribeTemplates: { claimResult: env.SUBSCRIBE_TMPL_CLAIM_RESULT ?? null },
    };
  }
  return loaded;
}
