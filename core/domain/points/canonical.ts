/**
 * Canonical encoding and hashing for the hash chain: the same value always encodes to the same
 * bytes (object keys sorted, no whitespace, integers only), so anyone can recompute a hash.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical | undefined };

/** JSON with sorted keys; `undefined` members are left out; only finite numbers are allowed. */
export function canonicalEncode(value: Canonical | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical encoding: non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalEncode).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalEncode(value[k])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function hashOf(value: Canonical): string {
  return sha256Hex(canonicalEncode(value));
}

/** The chain starts from this hash in every community. */
export const GENESIS_HASH = '0'.repeat(64);
