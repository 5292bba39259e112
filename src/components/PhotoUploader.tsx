/**
 * Evidence photos being attached to a form: thumbnails (tap to remove) and an 「添加照片」 button that
 * uploads into the person's own folder (`folder()`, see services/upload.ts) and hands back file IDs.
 */
import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Result } from '../services';
import { uploadPhoto } from '../services/upload';
import { toast } from './points/toast';
import './points/points.scss';

export interface Photo {
  /** what <Image> shows: the temp path of a new photo, a link or file ID of a stored one */
  src: string;
  fileID: string;
}

interface Props {
  photos: Photo[];
  onChange: (photos: Photo[]) => void;
  folder: () => Promise<Result<string>>;
  max?: number;
  onBusy?: (busy: boolean) => void;
}

export default function PhotoUploader({ photos, onChange, folder, max = 9, onBusy }: Props) {
  const [uploading, setUploading] = useState(false);
  const busy = (on: boolean) => {
    setUploading(on);
    onBusy?.(on);
  };

  async function add() {
    let chosen: string[];
    try {
      chosen = (await Taro.chooseImage({ count: max - photos.length, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFilePaths;
    } catch {
      return; // the person closed the picker
    }
    busy(true);
    const into = await folder();
    if (!into.ok) {
      busy(false);
      return toast(into.error.message);
    }
    const results = await Promise.all(chosen.map((local) => uploadPhoto(local, into.data).then((r) => ({ local, r }))));
    busy(false);
    const done = results.flatMap(({ local, r }) => (r.ok ? [{ src: local, fileID: r.data }] : []));
    onChange([...photos, ...done].slice(0, max));
    const failed = results.find(({ r }) => !r.ok);
    if (failed && !failed.r.ok) toast(failed.r.error.message);
  }

  return (
    <View>
      <View className='pt-photos'>
        {photos.map((p, i) => (
          <View key={p.fileID} role='button' aria-label={`删除第 ${i + 1} 张照片`} onClick={() => onChange(photos.filter((x) => x !== p))}>
            <Image className='pt-photo' src={p.src} mode='aspectFill' />
          </View>
        ))}
        {photos.length < max && (
          <View className='pt-photo pt-photo--add' role='button' onClick={uploading ? undefined : () => void add()}>
            {uploading ? '上传中…' : '＋ 添加照片'}
          </View>
        )}
      </View>
      {photos.length > 0 && <Text className='pt-field__hint'>点照片可以删除</Text>}
    </View>
  );
}
