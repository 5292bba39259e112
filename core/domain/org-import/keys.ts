/**
 * Natural keys: what an imported row is, whatever file it came from. A node an import creates gets
 * an id derived from its key (compound + building, building + unit, unit + room, community + unit
 * name, community + name + phone), so running the same import twice — or resuming one that broke
 * off — finds what the first run wrote instead of adding it again. Existing nodes are matched by
 * name (nameKey), whatever their ids.
 */
import { canonicalEncode, sha256Hex } from '../points/canonical';
import { nameKey } from './cells';

const keyed = (prefix: string, ...parts: string[]) => `${prefix}_${sha256Hex(canonicalEncode(parts)).slice(0, 24)}`;

export const newBuildingId = (compoundId: string, building: string) => keyed('bd', compoundId, nameKey(building));
export const newUnitId = (buildingId: string, unit: string) => keyed('un', buildingId, nameKey(unit));
export const newHouseholdId = (unitId: string, room: string) => keyed('hh', unitId, nameKey(room));
export const partnerIdFor = (communityId: string, name: string) => keyed('pt', communityId, nameKey(name));
/** the party-member register's key: one entry per person (name + phone) in a community */
export const partyMemberId = (communityId: string, name: string, phone: string) => keyed('pm', communityId, nameKey(name), phone);

/** One import record per community, kind and file content: a file previewed twice is one import. */
export const importIdFor = (communityId: string, kind: string, fileHash: string) => keyed('imp', communityId, kind, fileHash);
