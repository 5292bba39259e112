/**
 * 关怀模式 (care mode) for elderly eyes: text ×1.3, tap targets ≥ 48 px, no grey text, one column
 * (the values live in app.scss, on the `.care` class of every page's root).
 *
 * Whether it is on: the person's own choice on 我的, remembered on the device; until they choose,
 * WeChat's own text size decides. `wx.getAppBaseInfo()` (base library ≥ 2.20.1) reports
 * `fontSizeScaleFactor`, the scale of the text size set in WeChat's 我-设置-通用-字体大小: at
 * LARGE_TEXT or more, care mode starts on. Whatever the mode, pages also follow that scale (within
 * the mode's range) through `--hl-text-scale`. Older base libraries and H5 report no scale: there
 * the app starts at the normal size.
 */
import { useSyncExternalStore } from 'react';
import Taro from '@tarojs/taro';

const CARE_MODE_KEY = 'hongling.careMode';

/** WeChat text this much larger than standard turns care mode on until the person chooses */
const LARGE_TEXT = 1.15;
/** text scale of each mode: the class's own value first (app.scss), then how far WeChat's may take it */
const SCALE = { normal: { base: 1, max: 1.3 }, care: { base: 1.3, max: 1.6 } };

export interface CareMode {
  on: boolean;
  /** the text scale the page uses: the mode's, or WeChat's within the mode's range */
  textScale: number;
}

function wechatTextScale(): number {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.getAppBaseInfo !== 'function') return 1;
  try {
    // fontSizeScaleFactor is documented for wx.getAppBaseInfo but missing from Taro's typings
    const factor = (Taro.getAppBaseInfo() as { fontSizeScaleFactor?: unknown }).fontSizeScaleFactor;
    return typeof factor === 'number' && Number.isFinite(factor) && factor > 0 ? factor : 1;
  } catch {
    return 1;
  }
}

function storedChoice(): boolean | null {
  try {
    const v: unknown = Taro.getStorageSync(CARE_MODE_KEY);
    return v === 'on' ? true : v === 'off' ? false : null;
  } catch {
    return null;
  }
}

function compute(): CareMode {
  const wechat = wechatTextScale();
  const on = storedChoice() ?? wechat >= LARGE_TEXT;
  const range = on ? SCALE.care : SCALE.normal;
  return { on, textScale: Math.min(Math.max(wechat, range.base), range.max) };
}

let current: CareMode | null = null;
const listeners = new Set<() => void>();

function applyToDocument(mode: CareMode): void {
  // H5: the tab bar sits outside the pages, so <html> carries the mode too
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle('hl-care', mode.on);
}

export function careMode(): CareMode {
  if (!current) {
    current = compute();
    applyToDocument(current);
  }
  return current;
}

/** Turns care mode on or off for every page at once, and remembers the choice. */
export function setCareMode(on: boolean): void {
  Taro.setStorageSync(CARE_MODE_KEY, on ? 'on' : 'off');
  current = compute();
  applyToDocument(current);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCareMode(): CareMode {
  return useSyncExternalStore(subscribe, careMode, careMode);
}

/** What a page's root element needs: the `care` class, and WeChat's text scale when it differs. */
export function useCareRoot(): { className: string; style?: Record<string, string> } {
  const mode = useCareMode();
  const base = mode.on ? SCALE.care.base : SCALE.normal.base;
  return {
    className: mode.on ? 'care' : '',
    style: mode.textScale === base ? undefined : { '--hl-text-scale': String(mode.textScale) },
  };
}
