/** The pure parts of internal calls: who counts as a server caller, and the ledger's retry policy. */
import { isPlatformPush, isServerCall, sourceChain } from '../../cloudfunctions/lib/invocation-source';
import { backoffMs, retrying, RetriesExhausted, type RetryPolicy } from '../../cloudfunctions/lib/retry';

describe('the invocation source chain', () => {
  it.each([
    ['scf', true],
    [',scf', true], // node-sdk's header when the caller's own source is unset
    ['wx_client,scf', true], // a function the mini-program called, calling us
    ['wx_http,scf', true],
    ['wx_trigger', true],
    ['wx_trigger,scf', true],
    ['wx_client', false],
    ['wx_devtools', false],
    ['wx_http', false],
    ['scf,wx_client', false], // the nearest caller is last
    ['wx_unknown', false],
    [',unknown', false], // node-sdk outside a cloud function
    ['SCF', false],
    [' scf ', true],
    ['', false],
    [undefined, false],
  ])('%j is a server call: %s', (raw, server) => {
    expect(isServerCall(sourceChain(raw))).toBe(server);
  });

  it('splits the chain in order', () => {
    expect(sourceChain('wx_client,scf')).toEqual(['wx_client', 'scf']);
    expect(sourceChain(',scf')).toEqual(['scf']);
    expect(sourceChain(null)).toEqual([]);
  });
});

describe('a WeChat message push', () => {
  it.each([
    ['wx_message_push', true], // the local cloud's delivery
    ['wx_message_push,scf', true],
    ['scf', true],
    ['wx_client', false],
    ['wx_devtools', false],
    ['wx_http', false],
    ['wx_unknown', false],
    ['wx_client,scf', false], // a client is somewhere in the chain
    ['', false],
  ])('%j → %s', (raw, push) => {
    expect(isPlatformPush(sourceChain(raw))).toBe(push);
  });
});

describe('the retry policy', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseMs: 1, capMs: 3 };
  const conflict = Object.assign(new Error('conflict'), { code: 'C' });
  const retryable = (err: unknown) => (err as { code?: string }).code === 'C';

  it('pauses a random time up to base·2^(attempt−1), capped (full jitter)', () => {
    const p: RetryPolicy = { maxAttempts: 12, baseMs: 10, capMs: 1000 };
    expect([1, 2, 3, 7, 8, 11].map((n) => backoffMs(p, n, () => 1))).toEqual([10, 20, 40, 640, 1000, 1000]);
    expect(backoffMs(p, 5, () => 0)).toBe(0);
    expect(backoffMs(p, 5, () => 0.5)).toBe(80);
  });

  it('answers the value and the runs it took', async () => {
    let runs = 0;
    const out = await retrying(policy, async () => (++runs < 3 ? Promise.reject(conflict) : 'done'), retryable);
    expect(out).toEqual({ value: 'done', attempts: 3 });
  });

  it('stops at the stated bound', async () => {
    let runs = 0;
    const failing = retrying(policy, async () => {
      runs++;
      throw conflict;
    }, retryable);
    await expect(failing).rejects.toBeInstanceOf(RetriesExhausted);
    await expect(failing).rejects.toMatchObject({ attempts: 4, lastError: conflict });
    expect(runs).toBe(4);
  });

  it('never retries what the caller did not ask for', async () => {
    let runs = 0;
    const other = new Error('other');
    await expect(
      retrying(policy, async () => {
        runs++;
        throw other;
      }, retryable),
    ).rejects.toBe(other);
    expect(runs).toBe(1);
  });
});
