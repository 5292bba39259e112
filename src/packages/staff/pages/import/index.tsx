/**
 * 名册导入导出 (community staff): pick what to import, get its Excel template, upload the filled
 * file, read the preview (every problem by row and column, and what would be created, changed or
 * left alone), then confirm the import; and export every list as a table.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ActionOutput } from '@core/contracts/index';
import type { ExportFile } from '@core/contracts/points-export';
import {
  EXPORT_ACTIONS,
  EXPORT_KINDS,
  EXPORT_KIND_LABELS,
  IMPORT_KINDS,
  IMPORT_KIND_HINTS,
  IMPORT_KIND_LABELS,
  type ExportKind,
  type ImportKind,
} from '@core/labels/org-import';
import Page from '../../../../components/Page';
import Section from '../../../../components/Section';
import FormError from '../../../../components/points/FormError';
import Tabs from '../../../../components/points/Tabs';
import { useIdempotencyKey } from '../../../../components/points/keys';
import { openExport } from '../../../../components/points/openExport';
import { toast } from '../../../../components/points/toast';
import { call } from '../../../../services';
import { chooseSpreadsheet, uploadSpreadsheet } from '../../../../services/upload';
import '../../../../components/points/points.scss';

type Preview = ActionOutput<'org.import.preview'>;

const counts = (l: Preview['summary'][number]) =>
  [l.created && `新建 ${l.created}`, l.changed && `更新 ${l.changed}`, l.unchanged && `不变 ${l.unchanged}`].filter(Boolean).join('，') || '无';

function Template({ kind }: { kind: ImportKind }) {
  const [file, setFile] = useState<ExportFile | null>(null);
  const [busy, setBusy] = useState(false);
  async function get() {
    setBusy(true);
    const res = await call('org.import.template', { kind });
    setBusy(false);
    if (!res.ok) return toast(res.error.message);
    setFile(res.data);
  }
  return (
    <Section title='第一步：下载模板'>
      <View className='muted'>{IMPORT_KIND_HINTS[kind]}。模板里有填写说明和示例行。</View>
      {file ? (
        <View className='pt-actions'>
          <View role='button' className='btn' hoverClass='btn--pressed' onClick={() => void openExport(file)}>
            打开模板
          </View>
          <View
            role='button'
            className='btn btn--ghost'
            hoverClass='btn--pressed'
            onClick={() => void Taro.setClipboardData({ data: file.url }).then(() => toast('链接已复制，可在电脑浏览器打开', true))}
          >
            复制下载链接
          </View>
        </View>
      ) : (
        <View className='pt-actions'>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void get()}>
            {busy ? '正在准备…' : `下载「${IMPORT_KIND_LABELS[kind]}」模板`}
          </View>
        </View>
      )}
    </Section>
  );
}

function Importer({ kind }: { kind: ImportKind }) {
  const [step, setStep] = useState<'idle' | 'uploading' | 'checking' | 'committing'>('idle');
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<Preview['summary'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [key, renewKey] = useIdempotencyKey('import');

  async function pick() {
    const chosen = await chooseSpreadsheet();
    if (!chosen) return;
    setError(null);
    setPreview(null);
    setDone(null);
    setFileName(chosen.name);
    setStep('uploading');
    const uploaded = await uploadSpreadsheet(chosen.path);
    if (!uploaded.ok) {
      setStep('idle');
      return setError(uploaded.error.message);
    }
    setStep('checking');
    const res = await call('org.import.preview', { kind, fileID: uploaded.data });
    setStep('idle');
    if (!res.ok) return setError(res.error.message);
    setPreview(res.data);
  }

  async function commit(p: Preview) {
    const { confirm } = await Taro.showModal({ title: '确认导入', content: `导入这 ${p.rows} 行？导入后可以再次导入同一个文件，不会重复添加。`, confirmText: '导入' });
    if (!confirm) return;
    setStep('committing');
    for (;;) {
      const res = await call('org.import.commit', { importId: p.importId, idempotencyKey: key });
      if (!res.ok) {
        setStep('idle');
        return setError(res.error.message);
      }
      if (res.data.status === 'committed') {
        setStep('idle');
        renewKey();
        setPreview(null);
        setDone(res.data.result);
        return toast('导入完成', true);
      }
    }
  }

  const busyText = { uploading: '正在上传…', checking: '正在逐行检查…', committing: '正在导入，请不要离开…', idle: '' }[step];
  return (
    <Section title='第二步：上传填好的表格，先预览'>
      <View className='muted'>预览只做检查，不会写入；全部没问题才能确认导入，导入要么全部成功，要么一条也不写入。</View>
      <View className='pt-actions'>
        <View role='button' className='btn' hoverClass='btn--pressed' onClick={step === 'idle' ? () => void pick() : undefined}>
          {step === 'idle' ? '选择 Excel 文件' : busyText}
        </View>
      </View>
      {fileName && <View className='muted'>文件：{fileName}</View>}
      <FormError text={error} />
      {preview && (
        <View>
          <View className='row'>
            <Text>共 {preview.rows} 行</Text>
            {preview.status === 'committed' && <Text className='tag'>这个文件导入过</Text>}
          </View>
          {preview.summary.map((l) => (
            <View className='row' key={l.what}>
              <Text className='tag'>{l.what}</Text>
              <Text>{counts(l)}</Text>
            </View>
          ))}
          {preview.errorCount > 0 ? (
            <View>
              <View className='pt-field__error' role='alert'>
                {preview.errorCount > preview.errors.length
                  ? `有 ${preview.errorCount} 处问题，下面先列出前 ${preview.errors.length} 处，改好后重新上传：`
                  : `有 ${preview.errorCount} 处问题，改好后重新上传：`}
              </View>
              {preview.errors.map((e) => (
                <View className='row' key={`${e.row}-${e.column}-${e.message}`}>
                  <Text>{e.text}</Text>
                </View>
              ))}
            </View>
          ) : (
            <View className='pt-actions'>
              <View role='button' className='btn' hoverClass='btn--pressed' onClick={step === 'idle' ? () => void commit(preview) : undefined}>
                {step === 'committing' ? busyText : '确认导入'}
              </View>
            </View>
          )}
        </View>
      )}
      {done && (
        <View>
          <View className='row'>
            <Text className='tag'>已导入</Text>
          </View>
          {done.map((l) => (
            <View className='row' key={l.what}>
              <Text className='tag'>{l.what}</Text>
              <Text>{counts(l)}</Text>
            </View>
          ))}
        </View>
      )}
    </Section>
  );
}

function Exports() {
  const [busy, setBusy] = useState<ExportKind | null>(null);
  async function run(kind: ExportKind) {
    setBusy(kind);
    const res = await call(EXPORT_ACTIONS[kind], {});
    setBusy(null);
    if (!res.ok) return toast(res.error.message);
    toast(`已导出 ${res.data.rows} 行`, true);
    await openExport(res.data);
  }
  return (
    <Section title='导出名单'>
      <View className='muted'>导出的表格含完整手机号，仅供社区工作使用，请勿外传。</View>
      {EXPORT_KINDS.map((kind) => (
        <View className='pt-actions' key={kind}>
          <View role='button' className='btn btn--ghost' hoverClass='btn--pressed' onClick={busy ? undefined : () => void run(kind)}>
            {busy === kind ? '正在导出…' : `导出${EXPORT_KIND_LABELS[kind]}`}
          </View>
        </View>
      ))}
    </Section>
  );
}

export default function Import() {
  const [kind, setKind] = useState<ImportKind>('households');
  return (
    <Page>
      <Section title='导入什么'>
        <Tabs options={IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))} value={kind} onChange={setKind} />
      </Section>
      <Template key={`t-${kind}`} kind={kind} />
      <Importer key={`i-${kind}`} kind={kind} />
      <Exports />
    </Page>
  );
}
