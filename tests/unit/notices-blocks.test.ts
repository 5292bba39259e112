import { ArticleTooLarge, articleHtml, ImageNotUploaded } from '../../core/domain/notices/article-html';
import { defaultDigest, imagesOf, plainText, type Block } from '../../core/domain/notices/blocks';
import { mpGuidance, PUBLISH_STATUS_FAILURES } from '../../core/domain/notices/official-account-errors';

const BODY: Block[] = [
  { type: 'heading', text: '停水通知' },
  { type: 'paragraph', runs: [{ text: '因管网检修，' }, { text: '12月5日 8:00–17:00', bold: true }, { text: ' 和平小区停水。' }] },
  { type: 'list', ordered: true, items: [[{ text: '请提前储水' }], [{ text: '关好水龙头 <防止跑水>' }]] },
  { type: 'image', fileId: 'cloud://env.x/notices/a.png', caption: '检修范围' },
  { type: 'image', fileId: 'cloud://env.x/notices/a.png' },
];

describe('notice blocks', () => {
  it('reads as plain text in order, for the content check and the digest', () => {
    expect(plainText(BODY)).toBe('停水通知\n因管网检修，12月5日 8:00–17:00 和平小区停水。\n请提前储水\n关好水龙头 <防止跑水>\n检修范围');
    expect(imagesOf(BODY)).toEqual(['cloud://env.x/notices/a.png']);
    expect([...defaultDigest(BODY)]).toHaveLength(54);
  });

  it('becomes escaped article HTML with the official account\'s image URLs', () => {
    const html = articleHtml(BODY, { 'cloud://env.x/notices/a.png': 'http://mmbiz.qpic.cn/a.png' });
    expect(html).toBe(
      '<h2>停水通知</h2>' +
        '<p>因管网检修，<strong>12月5日 8:00–17:00</strong> 和平小区停水。</p>' +
        '<ol><li>请提前储水</li><li>关好水龙头 &lt;防止跑水&gt;</li></ol>' +
        '<figure><img src="http://mmbiz.qpic.cn/a.png"/><figcaption>检修范围</figcaption></figure>' +
        '<figure><img src="http://mmbiz.qpic.cn/a.png"/></figure>',
    );
  });

  it('refuses an image that has no official-account URL yet, and an article over the limit', () => {
    expect(() => articleHtml(BODY, {})).toThrow(ImageNotUploaded);
    const long: Block[] = [{ type: 'paragraph', runs: [{ text: '字'.repeat(20_000) }] }];
    expect(() => articleHtml(long, {})).toThrow(ArticleTooLarge);
  });

  it('tells staff what an official-account error means and whether waiting helps', () => {
    expect(mpGuidance(40164)).toMatchObject({ retry: false, message: expect.stringContaining('IP白名单') });
    expect(mpGuidance(48001)).toMatchObject({ retry: false, message: expect.stringContaining('认证') });
    expect(mpGuidance(45009).retry).toBe(true);
    expect(mpGuidance(99999)).toMatchObject({ retry: true, message: expect.stringContaining('99999') });
    expect(Object.keys(PUBLISH_STATUS_FAILURES).map(Number)).toEqual([2, 3, 4, 5, 6]);
  });
});
