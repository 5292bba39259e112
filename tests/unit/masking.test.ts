import { maskName, maskPhone, publicName } from '../../core/domain/masking';

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['+86 138-1234-1234', '138****1234'],
    ['0898-66001234', '089****1234'],
    ['6600123', '***0123'],
    ['1234', '****'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps no phone as no phone', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('')).toBeNull();
  });

  it('never shows the middle digits of a mobile number', () => {
    for (let n = 0; n < 200; n++) {
      const phone = String(13800000000 + n * 7919);
      const masked = maskPhone(phone)!;
      expect(masked).toHaveLength(11);
      expect(masked.slice(3, 7)).toBe('****');
      expect(masked.slice(-4)).toBe(phone.slice(-4));
    }
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['王小明', '王**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳', '欧*'],
    ['司马光', '司马*'],
    ['李', '李'],
    [' 陈美华 ', '陈**'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskName('𠀋小明')).toBe('𠀋**');
  });

  it('shows the real name only with consent', () => {
    expect(publicName('王建国', true)).toBe('王建国');
    expect(publicName('王建国', false)).toBe('王**');
  });
});
