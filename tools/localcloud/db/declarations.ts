/**
 * Collection declarations (`database/<name>.json`): the collection, its indexes and its client-side
 * security rules. The same files are what deploy applies to CloudBase.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const fieldPath = z.string().regex(/^[^$.][^$]*$/, '字段路径不能以 $ 或 . 开头');

export const indexKeySchema = z.object({ field: fieldPath, direction: z.union([z.literal(1), z.literal(-1)]) }).strict();

export const indexSchema = z
  .object({
    name: z.string().min(1),
    keys: z.array(indexKeySchema).min(1),
    unique: z.boolean().default(false),
  })
  .strict()
  .refine((ix) => new Set(ix.keys.map((k) => k.field)).size === ix.keys.length, '同一索引中的字段不能重复');

/** CloudBase security rules: a boolean or an expression per operation. */
const ruleSchema = z.union([z.boolean(), z.string().min(1)]);

export const declarationSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, '集合名只能包含字母、数字、_ 和 -'),
    indexes: z.array(indexSchema).default([]),
    rules: z
      .object({ read: ruleSchema, write: ruleSchema })
      .catchall(ruleSchema)
      .optional(),
  })
  .strict()
  .refine((d) => new Set(d.indexes.map((i) => i.name)).size === d.indexes.length, '索引名不能重复');

export type IndexKey = z.infer<typeof indexKeySchema>;
export type IndexDeclaration = z.infer<typeof indexSchema>;
export type CollectionDeclaration = z.infer<typeof declarationSchema>;

/** Reads and validates every `*.json` in dir (none when dir is missing); throws naming the bad file. */
export function loadDeclarations(dir: string): CollectionDeclaration[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const where = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(where, 'utf8'));
    } catch (err) {
      throw new Error(`${where}: 不是合法的 JSON (${(err as Error).message})`);
    }
    const parsed = declarationSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${where}: 集合声明无效\n${z.prettifyError(parsed.error)}`);
    if (`${parsed.data.name}.json` !== file) {
      throw new Error(`${where}: 文件名必须与集合名一致 (${parsed.data.name}.json)`);
    }
    return parsed.data;
  });
}
