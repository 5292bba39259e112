/** Update values for node-sdk, which flattens a nested object into dotted paths (a merge): objects are set whole. */
import type { Database } from './cloud';

export function setWhole(db: Database, fields: Record<string, unknown>): Record<string, unknown> {
  const _ = db.command;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? _.set(v) : v]));
}
