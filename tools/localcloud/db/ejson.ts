/**
 * The wire codec: node-sdk sends queries, updates and documents as canonical EJSON strings and
 * parses answers the same way. Inside the database values are plain JS (numbers, Date, RegExp) and bson ObjectIds,
 * which is what mingo evaluates; ints and doubles keep their EJSON type on the way out because a
 * JS integer is written as `$numberInt`/`$numberLong` and a fraction as `$numberDouble`.
 */
import { BSONRegExp, Decimal128, Double, EJSON, Int32, Long, ObjectId } from 'bson';
import { CloudError } from '../types';

export type Doc = Record<string, unknown> & { _id: DocId };
export type DocId = string | number | ObjectId;

export const isDocId = (v: unknown): v is DocId => typeof v === 'string' || typeof v === 'number' || v instanceof ObjectId;

/**
 * One ObjectId instance per value (while any is in use), so that ObjectId `_id`s work as the Map
 * and Set keys that collections, indexes and plans look documents up by.
 */
const objectIds = new Map<string, WeakRef<ObjectId>>();
const forget = new FinalizationRegistry<string>((hex) => {
  if (!objectIds.get(hex)?.deref()) objectIds.delete(hex);
});
export function canonicalId<T extends DocId>(id: T): T {
  if (!(id instanceof ObjectId)) return id;
  const hex = id.toHexString();
  const known = objectIds.get(hex)?.deref();
  if (known) return known as T;
  objectIds.set(hex, new WeakRef(id));
  forget.register(id, hex);
  return id;
}

/** Decodes one EJSON text; `{"$tcb_server_date":{"offset":n}}` becomes the server time + n ms. */
export function decodeEjson(text: string, what: string, now = Date.now()): unknown {
  let parsed: unknown;
  try {
    const raw: unknown = JSON.parse(text);
    checkNumbers(raw);
    parsed = EJSON.deserialize(raw as object, { relaxed: false });
  } catch (err) {
    throw new CloudError('INVALID_PARAM', `${what} 不是合法的 EJSON: ${(err as Error).message}`);
  }
  return toNative(parsed, now, what);
}

const NUMBER_FORMATS: Record<string, RegExp> = {
  $numberInt: /^-?\d{1,10}$/,
  $numberDouble: /^(-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|-?Infinity|NaN)$/,
};

/** bson reads a malformed `$numberInt`/`$numberDouble` as 0 or NaN; refuse them instead. */
function checkNumbers(value: unknown): void {
  if (Array.isArray(value)) value.forEach(checkNumbers);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const format = NUMBER_FORMATS[k];
      if (format && (typeof v !== 'string' || !format.test(v))) throw new Error(`${k} 的值 ${JSON.stringify(v)} 无效`);
      checkNumbers(v);
    }
}

/** Like decodeEjson for a field that may be absent; objects are required. */
export function decodeObject(text: unknown, what: string, now = Date.now()): Record<string, unknown> {
  if (text === undefined || text === null || text === '') return {};
  if (typeof text !== 'string') throw new CloudError('INVALID_PARAM', `${what} 必须是 EJSON 字符串`);
  const value = decodeEjson(text, what, now);
  if (!isPlainObject(value)) throw new CloudError('INVALID_PARAM', `${what} 必须是对象`);
  return value;
}

export function encodeEjson(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function toNative(value: unknown, now: number, what: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date && Number.isNaN(value.getTime())) throw new CloudError('INVALID_PARAM', `${what} 中有无效的日期`);
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  if (value instanceof ObjectId) return canonicalId(value);
  if (Array.isArray(value)) return value.map((v) => toNative(v, now, what));
  if (!isPlainObject(value)) return value; // Date, Binary…
  const serverDate = value.$tcb_server_date;
  if (serverDate !== undefined && Object.keys(value).length === 1) {
    const offset = isPlainObject(serverDate) ? Number(toNative(serverDate.offset, now, what) ?? 0) : 0;
    return new Date(now + (Number.isFinite(offset) ? offset : 0));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toNative(v, now, what);
  return out;
}
