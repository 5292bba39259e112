/**
 * Opens an exported .xlsx (台账): weapp downloads it and opens it in WeChat's document viewer,
 * whose menu lets the person forward or save it; h5 opens the link in the browser.
 */
import Taro from '@tarojs/taro';
import type { ExportFile } from '@core/contracts/points-export';

export async function openExport(file: ExportFile): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(file.url, '_blank');
    return;
  }
  try {
    void Taro.showLoading({ title: '正在打开表格' });
    const { tempFilePath, statusCode } = await Taro.downloadFile({ url: file.url });
    if (statusCode !== 200) throw new Error(`download ${statusCode}`);
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
    void Taro.hideLoading();
  } catch {
    void Taro.hideLoading();
    void Taro.showToast({ title: '表格没能打开，请稍后再试', icon: 'none', duration: 2500 });
  }
}
