/**
 * `scene` of a scanned 小程序码 of this app. WeChat hands back the page path with `?scene=…`: iOS
 * percent-encodes it, Android may not (`scene=a=1&b=2`), so everything after `scene=` is the scene.
 */
export function sceneOf(path: string | undefined): string | null {
  const m = /[?&]scene=(.+)$/.exec(path ?? '');
  if (!m) return null;
  try {
    return m[1].includes('%') ? decodeURIComponent(m[1]) : m[1];
  } catch {
    return m[1];
  }
}
