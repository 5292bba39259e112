/**
 * Invite codes (邀请码): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a
 * code read aloud or copied from a poster is typed right; 31^8 ≈ 8.5 × 10^11 codes, and guessing is
 * limited per person (`account.bind.invite` is rate-limited). The mini-program code carries it as
 * its `scene` (`i=<code>`, WeChat allows 32 characters).
 */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
const SCENE_PREFIX = 'i=';

/** A fresh code from `random` bytes (one byte per character, rejection-sampled so every character is equally likely). */
export function newInviteCode(random: (n: number) => Uint8Array): string {
  const limit = 256 - (256 % INVITE_ALPHABET.length);
  let code = '';
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of random(INVITE_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < INVITE_CODE_LENGTH) code += INVITE_ALPHABET[byte % INVITE_ALPHABET.length];
    }
  }
  return code;
}

/** What a person typed, as a code: upper case, spaces and dashes dropped. */
export function normalizeInviteCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export const isInviteCode = (code: string) =>
  code.length === INVITE_CODE_LENGTH && [...code].every((c) => INVITE_ALPHABET.includes(c));

/** The `scene` of the invite's mini-program code. */
export const inviteScene = (code: string) => `${SCENE_PREFIX}${code}`;

/** The code in a scanned `scene` (URL-encoded by WeChat when it opens the page), or null. */
export function codeFromScene(scene: string | undefined | null): string | null {
  if (!scene) return null;
  let text = scene;
  try {
    text = decodeURIComponent(scene);
  } catch {
    return null;
  }
  return text.startsWith(SCENE_PREFIX) ? normalizeInviteCode(text.slice(SCENE_PREFIX.length)) : null;
}
