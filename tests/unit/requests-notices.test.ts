/** The subscribe messages of requests as data: facts, keyword mapping from configuration, WeChat's value limits. */
import {
  acceptedFacts,
  DEFAULT_KEYWORDS,
  fitKeyword,
  keywordData,
  NOTICE_FIELDS,
  newRequestFacts,
  overdueFacts,
  parseKeywordMap,
  REQUEST_NOTICES,
  resolvedFacts,
} from '../../core/domain/requests/notices';

const request = { categoryName: '设施维修', text: '1号楼1单元楼道的灯坏了一个星期，晚上上下楼很不方便', locationLabel: '和平小区 1号楼1单元', urgency: 'urgent' as const };
const AT = '2026-12-01T02:05:30.000Z'; // 10:05 in Shanghai

describe('request notices', () => {
  it('tells each message its facts, in Shanghai time', () => {
    expect(acceptedFacts(request, '王建国', AT)).toEqual({ subject: '设施维修：1号楼1单元楼道的灯坏了一个星期，晚上上下楼很不方便', status: '已受理', handler: '王建国', time: '2026-12-01 10:05' });
    expect(acceptedFacts(request, null, AT).handler).toBe('社区工作人员');
    expect(resolvedFacts(request, '已更换灯泡', AT)).toMatchObject({ status: '已办结', result: '已更换灯泡' });
    expect(newRequestFacts(request, AT)).toMatchObject({ place: '和平小区 1号楼1单元', urgency: '紧急' });
    expect(newRequestFacts({ ...request, urgency: 'normal' }, AT).urgency).toBe('一般');
    expect(overdueFacts(request, 1, AT)).toMatchObject({ level: '已超时', deadline: '2026-12-01 10:05' });
    expect(overdueFacts(request, 2, AT).level).toBe('升级督办');
  });

  it('maps every fact to a keyword by default', () => {
    for (const notice of REQUEST_NOTICES) expect(Object.keys(DEFAULT_KEYWORDS[notice]).sort()).toEqual([...NOTICE_FIELDS[notice]].sort());
  });

  it('cuts values to the limit of the keyword type, and never leaves one empty or with a line break', () => {
    expect(fitKeyword('thing1', 'a'.repeat(25))).toBe(`${'a'.repeat(19)}…`);
    expect([...fitKeyword('thing1', '楼'.repeat(25))]).toHaveLength(20);
    expect(fitKeyword('thing1', '楼'.repeat(20))).toBe('楼'.repeat(20));
    expect(fitKeyword('phrase2', '已受理')).toBe('已受理');
    expect([...fitKeyword('phrase2', '已经受理完成了')]).toHaveLength(5);
    expect([...fitKeyword('name3', '欧阳娜娜娜娜娜娜娜娜娜')]).toHaveLength(10);
    expect(fitKeyword('thing3', '第一行\n第二行')).toBe('第一行 第二行');
    expect(fitKeyword('thing3', '  ')).toBe('—');
    const data = keywordData(DEFAULT_KEYWORDS.accepted, acceptedFacts(request, '王建国', AT));
    expect(data).toEqual({ thing1: '设施维修：1号楼1单元楼道的灯坏了一个…', phrase2: '已受理', thing3: '王建国', time4: '2026-12-01 10:05' });
  });

  it('reads a configured mapping, and refuses one that misses, repeats or invents a fact', () => {
    expect(parseKeywordMap('overdue', 'subject:thing5, place:thing6,level:phrase7,deadline:time8')).toEqual({ subject: 'thing5', place: 'thing6', level: 'phrase7', deadline: 'time8' });
    expect(() => parseKeywordMap('overdue', 'subject:thing5,place:thing6,level:phrase7')).toThrow(/deadline/);
    expect(() => parseKeywordMap('accepted', 'subject:thing1,status:phrase2,handler:thing3,time:time4,place:thing5')).toThrow(/no fact "place"/);
    expect(() => parseKeywordMap('accepted', 'subject:thing1,subject:thing2,handler:thing3,time:time4')).toThrow(/twice/);
    expect(() => parseKeywordMap('accepted', 'subject:thing1,status:thing1,handler:thing3,time:time4')).toThrow(/one keyword/);
    expect(() => parseKeywordMap('accepted', 'subject:Thing1,status:phrase2,handler:thing3,time:time4')).toThrow(/keyword/);
    expect(() => parseKeywordMap('accepted', 'subject=thing1')).toThrow(/<fact>:<keyword>/);
  });
});
