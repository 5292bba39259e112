/** One collection in memory: documents by _id (insertion order) and its secondary indexes. */
import { CloudError } from '../types';
import type { IndexDeclaration } from './declarations';
import { isPlainObject, type Doc, type DocId } from './ejson';
import { Index } from './indexes';

/**
 * Refuses a document with a field name starting with `$` at any depth, as CloudBase does (MongoDB
 * before 5.0 will not store one: `$` marks operators).
 */
export function checkFieldNames(value: unknown, path = ''): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkFieldNames(v, `${path}.${i}`));
  else if (isPlainObject(value))
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (k.startsWith('$')) throw new CloudError('INVALID_PARAM', `字段名不能以 $ 开头: ${at}`);
      checkFieldNames(v, at);
    }
}

/** One change of a commit: the new document, or null when it is removed. */
export interface Change {
  coll: string;
  id: DocId;
  doc: Doc | null;
}

export class Collection {
  readonly docs = new Map<DocId, Doc>();
  readonly indexes: Index[];

  constructor(
    readonly name: string,
    declared: IndexDeclaration[],
  ) {
    this.indexes = declared.map((d) => new Index(d));
  }

  get size(): number {
    return this.docs.size;
  }

  /** Throws DATABASE_DUPLICATE_WRITE when applying these changes would break a unique index. */
  checkUnique(changes: Change[]): void {
    const uniques = this.indexes.filter((ix) => ix.unique);
    if (uniques.length === 0) return;
    const touched = new Set(changes.map((c) => c.id));
    for (const ix of uniques) {
      const claimed = new Map<string, DocId>();
      for (const { id, doc } of changes) {
        if (!doc) continue;
        for (const key of ix.prefixesOf(doc)) {
          const other = claimed.get(key);
          const holders = ix.holders(key, id).filter((h) => !touched.has(h));
          if ((other !== undefined && other !== id) || holders.length > 0) {
            const values = ix.fields.map((f) => JSON.stringify(f.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc)));
            throw new CloudError(
              'DATABASE_DUPLICATE_WRITE',
              `集合 ${this.name} 的唯一索引 ${ix.name} 已有 ${ix.fields.join(', ')} = ${values.join(', ')} 的文档`,
            );
          }
          claimed.set(key, id);
        }
      }
    }
  }

  put(doc: Doc): void {
    const old = this.docs.get(doc._id);
    if (old) for (const ix of this.indexes) ix.remove(old);
    this.docs.set(doc._id, doc);
    for (const ix of this.indexes) ix.add(doc);
  }

  delete(id: DocId): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const ix of this.indexes) ix.remove(old);
    this.docs.delete(id);
  }
}
