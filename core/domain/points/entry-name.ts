/**
 * The name on a ledger entry, sealed so that it can be erased (注销, PIPL) without breaking the
 * chain: an entry's hash covers `nameDigest` = H(salt, name), not the name itself. While the salt
 * is kept, the verifier checks the name against the digest (a changed name is found); erasing sets
 * the name to 已注销用户 and drops the salt, after which the digest says nothing about who it was
 * (without the random salt no name list can be tried against it) and the hash still matches.
 */
import { randomBytes, bytesToHex } from '@noble/hashes/utils.js';
import { ERASED_NAME } from '../account/binding';
import { canonicalEncode, sha256Hex } from './canonical';

export { ERASED_NAME };

export const nameDigest = (salt: string, name: string) => sha256Hex(canonicalEncode(['entry-name', salt, name]));

/** The name fields of a new entry. */
export function sealName(name: string): { personName: string; nameSalt: string; nameDigest: string } {
  const salt = bytesToHex(randomBytes(16));
  return { personName: name, nameSalt: salt, nameDigest: nameDigest(salt, name) };
}

/** Whether the entry's name agrees with its sealed digest (entries from before sealing have none). */
export function nameIntact(entry: { personName: string; nameSalt?: string | null; nameDigest?: string }): boolean {
  if (entry.nameDigest === undefined) return true;
  if (entry.nameSalt === null || entry.nameSalt === undefined) return entry.personName === ERASED_NAME;
  return nameDigest(entry.nameSalt, entry.personName) === entry.nameDigest;
}
