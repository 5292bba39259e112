/**
 * H5 only: Taro 4's H5 form components (`taro-input-core`, `taro-textarea-core`,
 * `taro-switch-core`) keep `aria-label` on their custom-element host, while the control a screen
 * reader reaches is the native <input>/<textarea> inside it, which is left without a name. This
 * copies the host's label onto that control (a switch's checkbox also gets `role="switch"`), for
 * every page, as hosts appear or change.
 */
const HOSTS = 'taro-input-core[aria-label], taro-textarea-core[aria-label], taro-switch-core[aria-label]';

function nameControls(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>(HOSTS).forEach((host) => {
    const control = host.querySelector('input, textarea');
    const label = host.getAttribute('aria-label');
    if (!control || !label || control.getAttribute('aria-label') === label) return;
    control.setAttribute('aria-label', label);
    if (host.tagName === 'TARO-SWITCH-CORE') control.setAttribute('role', 'switch');
  });
}

export function nameH5Controls(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  nameControls(document);
  new MutationObserver(() => nameControls(document)).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-label'],
  });
}
