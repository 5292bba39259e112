/**
 * Driving Taro's H5 form controls in jsdom, as the page tests do: typing into a field found by its
 * accessible name, confirming a picker's first choice, accepting confirm dialogs.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';

/** the native control inside Taro's field with this accessible name (custom elements: it may come a moment later) */
export async function typeInto(name: string, value: string): Promise<void> {
  const control = await waitFor(() => {
    const inner = document.querySelector(`[aria-label="${name}"]`)?.querySelector('textarea, input');
    if (!inner) throw new Error(`no field ${name}`);
    return inner as HTMLInputElement;
  });
  fireEvent.input(control, { target: { value } });
}

/** what a picker shows (jsdom counts the content of Taro's picker element as hidden from the accessibility tree) */
export const picker = (name: string | RegExp, timeout = 10_000) => screen.findByRole('button', { name, hidden: true }, { timeout });

const openOverlay = () => Array.from(document.querySelectorAll('.weui-picker__overlay')).find((o) => (o as HTMLElement).style.display !== 'none');

/** Taro's H5 picker: open it and confirm what it shows first (a tap on 确定) */
export async function pickFirst(label: RegExp): Promise<void> {
  // the previous picker closes with an animation: its overlay must be gone first
  await waitFor(() => expect(openOverlay()).toBeUndefined(), { timeout: 5_000 });
  const control = await picker(label, 20_000);
  // a picker whose choices are still loading does not open yet: tap again until it does (a busy machine)
  const confirm = await waitFor(
    () => {
      const button = Array.from(openOverlay()?.querySelectorAll('.weui-picker__action') ?? []).find((b) => b.textContent === '确定');
      if (!button) {
        fireEvent.click(control);
        throw new Error('picker not open');
      }
      return button;
    },
    { timeout: 10_000, interval: 200 },
  );
  fireEvent.click(confirm);
}

/** Taro.showModal answers 确定 from now on */
export const confirmDialogs = () => jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
