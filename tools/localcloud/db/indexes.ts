/**
 * Secondary indexes: a B+ tree (sorted-btree) per declared index whose keys are strings encoding
 * `(v1, …, vn, _id)` so that plain string comparison orders them as MongoDB sorts values
 * (null < numbers < strings < objects < arrays < ObjectIds < booleans < dates), each field in its declared
 * direction. The encoding is prefix-free, so "every key with these leading values" is a string
 * range. A missing field is indexed as null, an array field once per element (multikey), as
 * MongoDB does.
 */
import BTree from 'sorted-btree';
import { ObjectId } from 'bson';
import { resolve } from 'mingo/util';
import type { IndexDeclaration } from './declarations';
import type { Doc, DocId } from './ejson';

/**
 * Sorts after every encoded key that starts with the same prefix: after a complete value comes a
 * type tag (at most 0xfd) and inside a string no unit reaches 0xffff except a descending terminator.
 */
export const HIGH = '\uffff';

const TAG = { null: 2, number: 3, string: 4, object: 6, array: 7, objectId: 8, boolean: 9, date: 10 } as const;
const f64 = new DataView(new ArrayBuffer(8));

/**
 * 8 Latin-1 units that order like the number (IEEE 754 bits, sign-flipped), so that keys of
 * ASCII strings and numbers stay one-byte strings (half the memory).
 */
function encodeNumber(n: number, descending: boolean): string {
  f64.setFloat64(0, n === 0 ? 0 : n);
  const negative = (f64.getUint8(0) & 0x80) !== 0;
  let out = '';
  for (let i = 0; i < 8; i++) {
    let b = f64.getUint8(i);
    b = negative ? 0xff - b : i === 0 ? b | 0x80 : b;
    out += String.fromCharCode(descending ? 0xff - b : b);
  }
  return out;
}

/** the string with \0 and \1 escaped, then a \0 terminator: prefix-free and order-preserving */
function encodeString(s: string, descending: boolean): string {
  const escaped = (/[\0\x01]/.test(s) ? s.replace(/[\0\x01]/g, (c) => (c === '\0' ? '\x01\x01' : '\x01\x02')) : s) + '\0';
  if (!descending) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) out += String.fromCharCode(0xffff - escaped.charCodeAt(i));
  return out;
}

const tag = (t: number, descending: boolean) => String.fromCharCode(descending ? 0xff - t : t);

// runs for every indexed field of every document on restart: no closures here
function encodeValue(v: unknown, descending = false): string {
  if (v === null || v === undefined) return tag(TAG.null, descending);
  switch (typeof v) {
    case 'number':
      return tag(TAG.number, descending) + encodeNumber(v, descending);
    case 'string':
      return tag(TAG.string, descending) + encodeString(v, descending);
    case 'boolean':
      return tag(TAG.boolean, descending) + String.fromCharCode(Number(v) ^ Number(descending));
    default:
      if (v instanceof Date) return tag(TAG.date, descending) + encodeNumber(v.getTime(), descending);
      if (v instanceof ObjectId) return tag(TAG.objectId, descending) + encodeString(v.toHexString(), descending);
      // objects and nested arrays: grouped by type, ordered by their JSON (an approximation)
      return tag(Array.isArray(v) ? TAG.array : TAG.object, descending) + encodeString(JSON.stringify(v), descending);
  }
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class Index {
  readonly name: string;
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  readonly unique: boolean;
  /** set once a document had an array in an indexed field: the index no longer serves sorts */
  multikey = false;
  private readonly tree = new BTree<string, DocId>(undefined, compareStrings);
  private readonly paths: Array<string | null>;

  constructor(decl: IndexDeclaration) {
    this.name = decl.name;
    this.fields = decl.keys.map((k) => k.field);
    this.directions = decl.keys.map((k) => k.direction);
    this.unique = decl.unique;
    this.paths = this.fields.map((f) => (f.includes('.') ? f : null));
  }

  get size(): number {
    return this.tree.size;
  }

  /** The encoding of one value at key position i (in that key's direction). */
  encode(i: number, value: unknown): string {
    return encodeValue(value, this.directions[i] === -1);
  }

  /** The encoded key prefixes (all fields, no _id) of a document; several when multikey. */
  prefixesOf(doc: Doc): string[] {
    let out = [''];
    for (let i = 0; i < this.fields.length; i++) {
      const path = this.paths[i];
      const raw = path === null ? doc[this.fields[i]] : resolve(doc, path);
      if (Array.isArray(raw)) {
        this.multikey = true;
        // elements, and the elements of nested arrays (dotted paths through arrays of arrays)
        const values: unknown[] = raw.length === 0 ? [null] : [...raw, ...raw.flat(Infinity)];
        const parts = [...new Set(values.map((v) => this.encode(i, v)))];
        out = out.flatMap((p) => parts.map((e) => p + e));
      } else {
        const enc = this.encode(i, raw);
        out = out.length === 1 ? [out[0] + enc] : out.map((p) => p + enc);
      }
    }
    return out;
  }

  add(doc: Doc): void {
    const id = encodeValue(doc._id);
    for (const prefix of this.prefixesOf(doc)) this.tree.set(prefix + id, doc._id);
  }

  remove(doc: Doc): void {
    const id = encodeValue(doc._id);
    for (const prefix of this.prefixesOf(doc)) this.tree.delete(prefix + id);
  }

  /** ids (other than `self`) already under this full key prefix */
  holders(prefix: string, self: DocId): DocId[] {
    const out: DocId[] = [];
    for (const id of this.scan(prefix, prefix + HIGH, false)) if (id !== self) out.push(id);
    return out;
  }

  /** Ids of the keys in [start, end], in key order or reversed. */
  *scan(start: string, end: string, reverse: boolean): Generator<DocId> {
    if (!reverse) {
      for (const [key, id] of this.tree.entries(start)) {
        if (key > end) return;
        yield id;
      }
    } else {
      for (const [key, id] of this.tree.entriesReversed(end)) {
        if (key < start) return;
        yield id;
      }
    }
  }
}
