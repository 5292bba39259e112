/**
 * The pages' H5 transport carried to a seeded local cloud in its own process (one per test file,
 * started in `beforeAll`, closed in `afterAll`), as the persona the test picks.
 */
import { DEV_OPENID_KEY } from '../../src/services';
import { startSeededCloud, type SeededCloud } from '../e2e/seeded-cloud';
import { gatewayFetch, type GatewayFetch } from './gateway-fetch';

export interface H5Session {
  readonly cloud: SeededCloud;
  /** the `fetch` set up by the latest `as()`, with what it sent */
  readonly gateway: GatewayFetch;
  /** from now on the pages call as `openid` (what the dev login stores), through a fresh `fetch` */
  as(openid: string): void;
}

export function seededH5Session(): H5Session {
  let cloud: SeededCloud | undefined;
  let gateway: GatewayFetch | undefined;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  }, 120_000);
  afterAll(() => cloud?.close());

  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what}: use the session inside tests, after as()`);
    return value;
  };
  return {
    get cloud() {
      return started(cloud, 'the seeded cloud is not running');
    },
    get gateway() {
      return started(gateway, 'no persona chosen yet');
    },
    as(openid) {
      window.localStorage.setItem(DEV_OPENID_KEY, openid);
      gateway = gatewayFetch(started(cloud, 'the seeded cloud is not running').url);
      window.fetch = gateway.fetch;
    },
  };
}
