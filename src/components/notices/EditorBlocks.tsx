/**
 * The body of a notice being written: its blocks in order, each with its text (or image and
 * caption), 加粗 for a paragraph, 编号 for a list, 上移 / 下移 / 删除; under them, buttons that add a
 * paragraph, a 小标题, a list or an image (compressed and uploaded: EditorImage.ts).
 */
import { useState } from 'react';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import { usePhotoUrls } from '../usePhotoUrls';
import { toast } from '../points/toast';
import { chooseNoticeImage } from './EditorImage';
import { BLOCK_NAMES, emptyBlock, imageBlock, moved, type EditorBlock } from './EditorModel';
import './editor.scss';

interface Props {
  blocks: EditorBlock[];
  onChange: (blocks: EditorBlock[]) => void;
  onBusy: (busy: boolean) => void;
}

/** links for stored images (weapp shows the file ID itself) */
function useStoredImages(blocks: EditorBlock[]): Record<string, string> {
  const stored = blocks.flatMap((b) => (b.type === 'image' && !b.src ? [b.fileId] : []));
  return usePhotoUrls(stored);
}

function Tool({ label, name, on, onClick }: { label: string; name: string; on?: boolean; onClick: () => void }) {
  return (
    <View className={`btn btn--ghost ne-tool${on ? ' ne-tool--on' : ''}`} role='button' aria-label={name} aria-pressed={on} hoverClass='btn--pressed' onClick={onClick}>
      {label}
    </View>
  );
}

export default function EditorBlocks({ blocks, onChange, onBusy }: Props) {
  const urls = useStoredImages(blocks);
  const [uploading, setUploading] = useState(false);
  const set = (i: number, patch: Partial<EditorBlock>) => onChange(blocks.map((b, j) => (j === i ? ({ ...b, ...patch } as EditorBlock) : b)));

  async function addImage() {
    setUploading(true);
    onBusy(true);
    const chosen = await chooseNoticeImage();
    setUploading(false);
    onBusy(false);
    if (!chosen) return;
    if (!chosen.ok) return toast(chosen.error.message);
    onChange([...blocks, imageBlock(chosen.data.fileID, chosen.data.src)]);
  }

  return (
    <View>
      {blocks.length === 0 && <Text className='pt-field__hint'>正文还是空的：用下面的按钮添加段落、小标题、列表或图片</Text>}
      {blocks.map((b, i) => {
        const n = i + 1;
        return (
          <View key={b.key} className='ne-block'>
            <Text className='ne-block__name'>
              第 {n} 段 · {BLOCK_NAMES[b.type]}
            </Text>
            {b.type === 'paragraph' && (
              <Textarea
                className={`pt-textarea${b.bold ? ' ne-bold' : ''}`}
                placeholderClass='pt-placeholder'
                aria-label={`正文第 ${n} 段`}
                value={b.text}
                maxlength={5000}
                placeholder='写一段文字'
                onInput={(e) => set(i, { text: e.detail.value })}
              />
            )}
            {b.type === 'heading' && (
              <Input className='pt-input ne-heading' placeholderClass='pt-placeholder' aria-label={`第 ${n} 段小标题`} value={b.text} maxlength={64} placeholder='小标题' onInput={(e) => set(i, { text: e.detail.value })} />
            )}
            {b.type === 'list' && (
              <>
                <Textarea className='pt-textarea' placeholderClass='pt-placeholder' aria-label={`第 ${n} 段列表，每行一项`} value={b.text} maxlength={5000} placeholder='每行一项' onInput={(e) => set(i, { text: e.detail.value })} />
                <Text className='pt-field__hint'>每行一项</Text>
              </>
            )}
            {b.type === 'image' && (
              <>
                {(b.src || urls[b.fileId]) && <Image className='ne-image' src={b.src || urls[b.fileId]} mode='widthFix' />}
                <Input className='pt-input' placeholderClass='pt-placeholder' aria-label={`第 ${n} 段图片说明`} value={b.caption} maxlength={64} placeholder='图片说明（选填）' onInput={(e) => set(i, { caption: e.detail.value })} />
              </>
            )}
            <View className='ne-block__tools'>
              {b.type === 'paragraph' && <Tool label='加粗' name={`第 ${n} 段加粗`} on={b.bold} onClick={() => set(i, { bold: !b.bold })} />}
              {b.type === 'list' && <Tool label={b.ordered ? '编号列表' : '圆点列表'} name={`第 ${n} 段改为${b.ordered ? '圆点' : '编号'}列表`} onClick={() => set(i, { ordered: !b.ordered })} />}
              {i > 0 && <Tool label='上移' name={`第 ${n} 段上移`} onClick={() => onChange(moved(blocks, i, -1))} />}
              {i < blocks.length - 1 && <Tool label='下移' name={`第 ${n} 段下移`} onClick={() => onChange(moved(blocks, i, 1))} />}
              <Tool label='删除' name={`删除第 ${n} 段`} onClick={() => onChange(blocks.filter((_, j) => j !== i))} />
            </View>
          </View>
        );
      })}
      <View className='pt-actions'>
        <Tool label='＋段落' name='添加段落' onClick={() => onChange([...blocks, emptyBlock('paragraph')])} />
        <Tool label='＋小标题' name='添加小标题' onClick={() => onChange([...blocks, emptyBlock('heading')])} />
        <Tool label='＋列表' name='添加列表' onClick={() => onChange([...blocks, emptyBlock('list')])} />
        <Tool label={uploading ? '上传中…' : '＋图片'} name='添加图片' onClick={uploading ? () => undefined : () => void addImage()} />
      </View>
    </View>
  );
}
