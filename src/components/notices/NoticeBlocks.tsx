/**
 * A notice's body rendered natively from its blocks (core/domain/notices/blocks.ts): paragraphs of
 * runs (bold or not), headings, numbered and bulleted lists, images with their captions, and the cover
 * above them. Residents' notice page and staff's preview use it. Images are shown through
 * `usePhotoUrls` (weapp: the cloud file itself; h5: its temp URL) and open full screen on a tap.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { imagesOf, type Block, type Run } from '@core/domain/notices/blocks';
import { usePhotoUrls } from '../usePhotoUrls';
import './blocks.scss';

interface Props {
  blocks: Block[];
  coverFileId?: string | null;
}

function Runs({ runs }: { runs: Run[] }) {
  return (
    <>
      {runs.map((r, i) => (
        <Text key={i} className={r.bold ? 'nb-bold' : undefined}>
          {r.text}
        </Text>
      ))}
    </>
  );
}

export default function NoticeBlocks({ blocks, coverFileId }: Props) {
  const fileIds = [...(coverFileId ? [coverFileId] : []), ...imagesOf(blocks)];
  const urls = usePhotoUrls(fileIds);

  const shown = fileIds.map((id) => urls[id]).filter((u): u is string => Boolean(u));
  const preview = (url: string) => void Taro.previewImage({ urls: shown, current: url });
  const image = (fileId: string, className: string, label: string) => {
    const url = urls[fileId];
    if (!url) return null;
    return (
      <View role='button' aria-label={label} onClick={() => preview(url)}>
        <Image className={className} src={url} mode='widthFix' />
      </View>
    );
  };

  let pictures = 0;
  return (
    <View className='nb'>
      {coverFileId && image(coverFileId, 'nb-cover', '查看封面大图')}
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'paragraph':
            return (
              <View key={i} className='nb-paragraph'>
                <Runs runs={b.runs} />
              </View>
            );
          case 'heading':
            return (
              <View key={i} className='nb-heading' role='heading'>
                {b.text}
              </View>
            );
          case 'list':
            return (
              <View key={i} className='nb-list'>
                {b.items.map((item, j) => (
                  <View key={j} className='nb-list__item'>
                    <Text className='nb-list__mark' aria-hidden='true'>
                      {b.ordered ? `${j + 1}.` : '•'}
                    </Text>
                    <View className='nb-list__text'>
                      <Runs runs={item} />
                    </View>
                  </View>
                ))}
              </View>
            );
          case 'image':
            pictures++;
            return (
              <View key={i} className='nb-figure'>
                {image(b.fileId, 'nb-image', b.caption ? `查看图片：${b.caption}` : `查看第 ${pictures} 张图片`)}
                {b.caption && <Text className='nb-caption'>{b.caption}</Text>}
              </View>
            );
        }
      })}
    </View>
  );
}
