/**
 * Cloud paths and fileIDs as CloudBase shapes them: a file uploaded to `evidence/a.jpg` in env
 * `local-env` is `cloud://local-env.6c6f-local-env-1250000000/evidence/a.jpg`.
 */

/** COS keys are at most 850 bytes */
const MAX_PATH_BYTES = 850;
/** the characters CloudBase documents for a cloudPath: letters, digits, `/ ! - _ . *` and Chinese */
const PATH_CHARS = /^[0-9A-Za-z/!\-_.*\p{Script=Han}]+$/u;

/** Why `cloudPath` is not a valid cloud path, or null when it is. */
export function cloudPathProblem(cloudPath: unknown): string | null {
  if (typeof cloudPath !== 'string' || cloudPath === '') return 'cloudPath 不能为空';
  if (Buffer.byteLength(cloudPath) > MAX_PATH_BYTES) return `cloudPath 不能超过 ${MAX_PATH_BYTES} 字节`;
  if (!PATH_CHARS.test(cloudPath)) return 'cloudPath 只能包含字母、数字、中文和 / ! - _ . * 字符';
  if (cloudPath.startsWith('/') || cloudPath.endsWith('/')) return 'cloudPath 不能以 / 开头或结尾';
  if (cloudPath.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return 'cloudPath 不能包含空目录名、. 或 ..';
  }
  return null;
}

/** CloudBase's bucket name: the env id's first two characters in hex, the env id, an app id */
export function bucketOf(envId: string): string {
  return `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1250000000`;
}

export function fileIdOf(envId: string, cloudPath: string): string {
  return `cloud://${envId}.${bucketOf(envId)}/${cloudPath}`;
}

/** The cloud path a fileID of this env names, or a reason it names none. */
export function parseFileId(envId: string, fileId: unknown): { cloudPath: string } | { problem: string } {
  if (typeof fileId !== 'string' || fileId === '') return { problem: 'fileID 不能为空' };
  const prefix = `cloud://${envId}.${bucketOf(envId)}/`;
  if (!fileId.startsWith(prefix)) return { problem: `fileID 不属于当前环境 ${envId}` };
  const cloudPath = fileId.slice(prefix.length);
  const problem = cloudPathProblem(cloudPath);
  return problem ? { problem: `fileID 无效：${problem}` } : { cloudPath };
}
