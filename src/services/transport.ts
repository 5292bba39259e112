/**
 * How an event reaches a cloud function. weapp: `Taro.cloud.callFunction`; h5: the local dev
 * gateway (`POST /dev/functions/:name` as the demo persona chosen on the dev login page at `/`).
 * A transport resolves with whatever the function returned and throws when the call never made it.
 */
import Taro from '@tarojs/taro';

export interface CallEvent {
  action: string;
  data: unknown;
}
export type Transport = (name: string, event: CallEvent) => Promise<unknown>;

/** Thrown when no one is signed in (h5 only: no demo persona chosen yet). */
export class NotSignedInError extends Error {}

export const DEV_OPENID_KEY = 'hongling.devOpenid';

const weappTransport: Transport = async (name, event) => {
  const res = await Taro.cloud.callFunction({ name, data: { action: event.action, data: event.data } });
  return res.result;
};

const h5Transport: Transport = async (name, event) => {
  const openid = window.localStorage.getItem(DEV_OPENID_KEY);
  if (!openid) {
    // the dev login page lists the demo personas and stores the choice
    window.location.assign('/');
    throw new NotSignedInError();
  }
  const res = await fetch(`/dev/functions/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify(event),
  });
  return res.json();
};

export const platformTransport: Transport = process.env.TARO_ENV === 'weapp' ? weappTransport : h5Transport;
