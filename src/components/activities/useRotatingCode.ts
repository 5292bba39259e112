/**
 * The organiser's check-in code and 小程序码: read again the moment the server's 30-second window
 * ends (its `secondsLeft`, counted down on the device each second). Also what time it is on the
 * server, so the page decides "the activity has started" by the server's clock, not the phone's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionOutput } from '@core/contracts/index';
import { call, type AppErrorBody } from '../../services';

type Code = ActionOutput<'activities.code'>;
const RETRY_MS = 5_000;

export type CodeState =
  | { status: 'loading' }
  | { status: 'error'; error: AppErrorBody }
  | { status: 'ok'; code: Code; secondsLeft: number; serverNow: number };

export function useRotatingCode(activityId: string, enabled: boolean, onRotate?: () => void): CodeState {
  const [state, setState] = useState<CodeState>({ status: 'loading' });
  /** when the shown code's window ends, on the device's clock */
  const endsAt = useRef(0);
  /** the server's time minus the device's at the last answer */
  const skew = useRef(0);
  const inFlight = useRef(false);
  const rotated = useRef(onRotate);
  rotated.current = onRotate;

  const fetchCode = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    const res = await call('activities.code', { activityId, image: true });
    inFlight.current = false;
    if (!res.ok) {
      endsAt.current = Date.now() + RETRY_MS; // not every second while the network is down
      return setState({ status: 'error', error: res.error });
    }
    const now = Date.now();
    endsAt.current = now + res.data.secondsLeft * 1000;
    skew.current = Date.parse(res.data.validUntil) - res.data.secondsLeft * 1000 - now;
    setState({ status: 'ok', code: res.data, secondsLeft: res.data.secondsLeft, serverNow: now + skew.current });
    rotated.current?.();
  }, [activityId]);

  useEffect(() => {
    if (!enabled) return;
    void fetchCode();
    const timer = setInterval(() => {
      const left = Math.ceil((endsAt.current - Date.now()) / 1000);
      if (left <= 0) void fetchCode();
      else setState((s) => (s.status === 'ok' ? { ...s, secondsLeft: left, serverNow: Date.now() + skew.current } : s));
    }, 1000);
    return () => clearInterval(timer);
  }, [enabled, fetchCode]);

  return state;
}
