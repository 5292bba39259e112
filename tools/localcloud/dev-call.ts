/**
 * A call to a function through the dev gateway (`POST /dev/functions/:name`), as the mini-program's
 * H5 build sends it, as the WeChat user `openid` (none: an anonymous caller).
 */
export async function devInvoke(baseUrl: string, fn: string, event: unknown, openid?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/dev/functions/${encodeURIComponent(fn)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-dev-openid': openid } : {}) },
    body: JSON.stringify(event),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
