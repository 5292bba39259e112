/**
 * What a real deploy needs from the environment, validated in one place. A dry run needs none of it.
 */
import { z } from 'zod';

const required = (name: string, zh: string, en: string) =>
  z
    .string({ error: `缺少 ${name}（${zh}）/ missing ${name} (${en})` })
    .trim()
    .min(1, `${name} 不能为空 / ${name} must not be empty`);

export const deployEnvSchema = z.object({
  // CloudBase env ids look like `hongling-3g9x2c1a8f0d1e2b`
  ENV_ID: required('ENV_ID', '云开发环境 ID', 'CloudBase env id').regex(
    /^[a-z][a-z0-9-]{3,63}$/,
    'ENV_ID 应是云开发控制台里的环境 ID，如 hongling-3g9x2c1a / expected a CloudBase env id',
  ),
  TENCENTCLOUD_SECRETID: required('TENCENTCLOUD_SECRETID', '腾讯云 API 密钥 SecretId', 'Tencent Cloud API key id'),
  TENCENTCLOUD_SECRETKEY: required('TENCENTCLOUD_SECRETKEY', '腾讯云 API 密钥 SecretKey', 'Tencent Cloud API key secret'),
  /** only with temporary (STS) credentials */
  TENCENTCLOUD_SESSIONTOKEN: z.string().trim().min(1).optional(),
  /** the env's region when it is not ap-shanghai, e.g. ap-guangzhou */
  TCB_REGION: z
    .string()
    .regex(/^ap-[a-z]+(-[a-z]+)?$/, 'TCB_REGION 应形如 ap-shanghai / ap-guangzhou')
    .optional(),
});
export type DeployEnv = z.infer<typeof deployEnvSchema>;

/** Parses process.env (or a given record); throws one message listing every problem. */
export function readDeployEnv(env: Record<string, string | undefined> = process.env): DeployEnv {
  const parsed = deployEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.message}`);
  throw new Error(
    [
      '部署需要以下环境变量 / deploy needs these environment variables:',
      ...lines,
      '例 / e.g.: ENV_ID=hongling-xxxx TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run deploy',
      '（密钥在腾讯云控制台「访问管理 → API 密钥管理」创建；只看计划请用 npm run deploy -- --dry-run）',
    ].join('\n'),
  );
}

/** The env id a dry run labels its plan with: ENV_ID when set and valid, else cloudbaserc's placeholder. */
export function dryRunEnvId(env: Record<string, string | undefined> = process.env): string {
  const parsed = deployEnvSchema.shape.ENV_ID.safeParse(env.ENV_ID);
  return parsed.success ? parsed.data : '{{env.ENV_ID}}';
}
