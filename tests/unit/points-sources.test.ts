import { entrySource, sourceKey, type AwardSource } from '../../core/domain/points/sources';

describe('award keys derived from the source', () => {
  it('names each kind of completed work', () => {
    expect(sourceKey({ type: 'request', id: 'rq-1001' })).toBe('request:rq-1001:closed');
    expect(sourceKey({ type: 'wish', id: 'w_7' })).toBe('wish:w_7:fulfilled');
    expect(sourceKey({ type: 'activity', id: 'act-3', personId: 'p-008' })).toBe('activity:act-3:p-008');
  });

  it('gives each participant of an activity their own key, and the entry its source', () => {
    const a: AwardSource = { type: 'activity', id: 'act-3', personId: 'p-008' };
    const b: AwardSource = { type: 'activity', id: 'act-3', personId: 'p-009' };
    expect(sourceKey(a)).not.toBe(sourceKey(b));
    expect(entrySource(a)).toEqual({ type: 'activity', id: 'act-3' });
    expect(entrySource({ type: 'wish', id: 'w_7' })).toEqual({ type: 'wish', id: 'w_7' });
  });

  it('refuses ids that would make a key read two ways', () => {
    // `activity:a:b:c` could be activity `a:b` and person `c`, or activity `a` and person `b:c`
    expect(() => sourceKey({ type: 'activity', id: 'a:b', personId: 'c' })).toThrow('not an id');
    expect(() => sourceKey({ type: 'activity', id: 'a', personId: 'b:c' })).toThrow('not an id');
    expect(() => sourceKey({ type: 'request', id: '' })).toThrow('not an id');
    expect(() => entrySource({ type: 'wish', id: 'x'.repeat(65) })).toThrow('not an id');
  });
});
