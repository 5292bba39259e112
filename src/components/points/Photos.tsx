/** Evidence photos of a claim: thumbnails that open full screen. */
import { View, Image } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { usePhotoUrls } from '../usePhotoUrls';
import './points.scss';

export default function Photos({ fileIDs }: { fileIDs: string[] }) {
  const urls = usePhotoUrls(fileIDs);

  if (!fileIDs.length) return null;
  const shown = fileIDs.map((id) => urls[id]).filter((u): u is string => Boolean(u));
  return (
    <View className='pt-photos'>
      {shown.map((url, i) => (
        <View key={url} role='button' aria-label={`查看第 ${i + 1} 张照片`} onClick={() => void Taro.previewImage({ urls: shown, current: url })}>
          <Image className='pt-photo' src={url} mode='aspectFill' />
        </View>
      ))}
    </View>
  );
}
