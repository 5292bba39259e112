/**
 * jsdom has no `fetch`. This one carries the H5 transport's own requests (path, headers, body)
 * to the seeded local cloud's dev gateway over node:http, so the real transport code runs.
 * `failNext(n)` makes the next n requests fail like a dropped connection.
 */
import { postJson } from '../e2e/seeded-cloud';

export interface GatewayFetch {
  fetch: typeof fetch;
  failNext(n: number): void;
  /** the requests sent, for assertions on what the transport put on the wire */
  sent: { path: string; headers: Record<string, string>; body: unknown }[];
}

export function gatewayFetch(baseUrl: string): GatewayFetch {
  let failures = 0;
  const sent: GatewayFetch['sent'] = [];
  const fake = async (input: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
    const headers = init.headers ?? {};
    const body: unknown = JSON.parse(init.body ?? 'null');
    sent.push({ path: input, headers, body });
    if (failures > 0) {
      failures--;
      throw new TypeError('Failed to fetch');
    }
    const res = await postJson(baseUrl + input, body, headers);
    return { ok: res.status < 400, status: res.status, json: async () => res.body };
  };
  return {
    fetch: fake as unknown as typeof fetch,
    failNext(n) {
      failures = n;
    },
    sent,
  };
}
