/**
 * requests.residents (代报) through the real local cloud and node-sdk on the demo org: a Red Neighbor
 * Leader sees the residents of the buildings they lead, a grid worker those of their grid, by
 * household label, at most 50, by index; anyone else is refused.
 */
import { RESIDENTS_LIMIT } from '../../core/contracts/requests';
import { PERSON_IDS } from '../../tools/seed/demo';
import { PERSONA_OPENIDS as P } from '../../tools/seed/personas';
import { resetStats, stats } from '../helpers/localcloud';
import { seededTestCloud } from '../helpers/seeded';
import { fail, ok } from './points-fixture';

const t = seededTestCloud();

interface Resident {
  id: string;
  name: string;
  householdLabel: string;
  buildingId: string;
}
type Residents = { residents: Resident[]; more: boolean };

const residents = (openid: string, input: Record<string, unknown> = {}) => ok<Residents>(t, 'requests.residents', input, openid);
const labels = (r: Residents) => r.residents.map((x) => x.householdLabel);

describe('requests.residents', () => {
  it("lists a leader's residents of the buildings they lead, by household label, from an index", async () => {
    await resetStats(t);
    const list = await residents(P.leader);
    expect((await stats(t))['plan.scan'] ?? 0).toBe(0);
    // 王建国 leads 和平 1号楼 and 2号楼
    expect(list.residents).toContainEqual({ id: PERSON_IDS.resident, name: '李秀兰', householdLabel: '1号楼1单元101', buildingId: 'bd-heping-1' });
    for (const r of list.residents) expect(['bd-heping-1', 'bd-heping-2']).toContain(r.buildingId);
    // not a resident of 5号楼, and not the leader themselves (the only one with a home in 2号楼)
    expect(list.residents.map((r) => r.id)).not.toContain(PERSON_IDS.plainResident);
    expect(list.residents.map((r) => r.id)).not.toContain(PERSON_IDS.leader);
    expect(labels(list)).toEqual([...labels(list)].sort());
    expect(list.more).toBe(false);
  });

  it("lists a grid worker's residents of their grid's buildings", async () => {
    const list = await residents(P.gridWorker);
    // 张桂英's 第一微网格 covers 和平 1–3号楼
    expect(list.residents.map((r) => r.id)).toContain(PERSON_IDS.resident);
    expect(list.residents.map((r) => r.id)).toContain(PERSON_IDS.leader);
    expect(new Set(list.residents.map((r) => r.buildingId))).toEqual(new Set(['bd-heping-1', 'bd-heping-2', 'bd-heping-3']));
  });

  it('narrows by part of the name, taking it as plain text', async () => {
    expect((await residents(P.leader, { q: '秀兰' })).residents.map((r) => r.id)).toEqual([PERSON_IDS.resident]);
    expect((await residents(P.leader, { q: '.*' })).residents).toEqual([]);
    // 唐秀英 lives in 5号楼: a name does not reach past the buildings served
    expect((await residents(P.leader, { q: '唐秀英' })).residents).toEqual([]);
  });

  it('refuses a plain resident', async () => {
    expect(await fail(t, 'requests.residents', {}, P.resident)).toMatchObject({ code: 'FORBIDDEN', message: '只有红色近邻长和网格员可以代居民报事' });
  });

  it(`lists at most ${RESIDENTS_LIMIT} and says there are more`, async () => {
    const persons = t.app.database().collection('persons');
    const { data } = await persons.doc(PERSON_IDS.resident).get();
    const { _id: _ignored, ...resident } = (data as Record<string, unknown>[])[0];
    for (let i = 0; i < RESIDENTS_LIMIT; i++) {
      const n = String(i).padStart(2, '0');
      await persons.add({ ...resident, _id: `p-extra-${n}`, openid: null, name: `住户${n}`, householdLabel: `1号楼9单元9${n}` });
    }
    const list = await residents(P.leader);
    expect(list.residents).toHaveLength(RESIDENTS_LIMIT);
    expect(list.more).toBe(true);
    expect(labels(list)).toEqual([...labels(list)].sort());
    // the name filter finds one beyond the first page
    expect((await residents(P.leader, { q: '住户49' })).residents.map((r) => r.id)).toEqual(['p-extra-49']);
  }, 30_000);
});
