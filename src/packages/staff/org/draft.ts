/**
 * The node an editor opens on: the tree page hands the row it shows to the editor page (same JS
 * context), so the editor needs no read of its own. A reloaded editor finds none and says so.
 */
import type { OrgNodeKind } from '@core/labels/org-admin';

let draft: { kind: OrgNodeKind; id: string; node: unknown } | null = null;

export function handOver(kind: OrgNodeKind, id: string, node: unknown): void {
  draft = { kind, id, node };
}

export function takeOver<T>(kind: OrgNodeKind, id: string): T | null {
  return draft && draft.kind === kind && draft.id === id ? (draft.node as T) : null;
}
