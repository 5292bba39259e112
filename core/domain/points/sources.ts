/**
 * Awards that completed work books in-process (ARCHITECTURE decision 9): the source names the work,
 * and the idempotency key derives from it, so however often the completing code runs (a retry, a
 * second instance), the source is awarded once.
 */

export type AwardSource =
  /** a request (报事) closed: its handler's points */
  | { type: 'request'; id: string }
  /** a wish (微心愿) fulfilled */
  | { type: 'wish'; id: string }
  /** an activity (活动), once per participant */
  | { type: 'activity'; id: string; personId: string };

/** the characters of our ids (core/contracts idSchema): no `:`, so a key reads one way only */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function checked(id: string): string {
  if (!ID.test(id)) throw new Error(`not an id: ${JSON.stringify(id)}`);
  return id;
}

/** `request:<id>:closed`, `wish:<id>:fulfilled`, `activity:<id>:<personId>` */
export function sourceKey(source: AwardSource): string {
  switch (source.type) {
    case 'request':
      return `request:${checked(source.id)}:closed`;
    case 'wish':
      return `wish:${checked(source.id)}:fulfilled`;
    case 'activity':
      return `activity:${checked(source.id)}:${checked(source.personId)}`;
  }
}

/** What the entry records as its source. */
export function entrySource(source: AwardSource): { type: AwardSource['type']; id: string } {
  return { type: source.type, id: checked(source.id) };
}
