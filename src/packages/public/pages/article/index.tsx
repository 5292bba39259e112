/**
 * 公众号文章 (?url=): the notice's article on the community's official account, in a `<web-view>`.
 * WeChat's web-view documents its `src` as "可打开关联的公众号的文章，其它网页需登录小程序管理后台配置业务域名"
 * (developers.weixin.qq.com/miniprogram/dev/component/web-view.html): an article of the official
 * account associated with this mini-program (公众号 → 小程序管理 → 关联小程序) opens without a 业务域名,
 * so only mp.weixin.qq.com links are taken. Not for personal mini-programs, which have no web-view.
 * The H5 build (local development) cannot embed WeChat's pages: it shows the address instead.
 */
import { Text, View, WebView } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import Page from '../../../../components/Page';
import StatusView from '../../../../components/StatusView';
import { queryValue } from '../../../../components/points/routes';

/** an article of an official account, mp.weixin.qq.com/s…, always over https (freepublish may answer http://) */
function articleUrl(raw: string | undefined): string | null {
  const url = queryValue(raw);
  return url && /^https?:\/\/mp\.weixin\.qq\.com\/s[/?]/.test(url) ? url.replace(/^http:/, 'https:') : null;
}

export default function Article() {
  const url = articleUrl(useRouter().params.url);
  if (!url) return <StatusView kind='empty' text='这篇公众号文章的地址不对，打不开' hint='请回到公告，再点「在公众号阅读」' />;
  if (process.env.TARO_ENV === 'weapp') return <WebView src={url} />;
  return (
    <Page>
      <View className='card'>
        <View className='subtitle'>公众号文章要在微信里打开</View>
        <View className='muted'>在微信里，这里会直接显示文章。文章地址：</View>
        <Text>{url}</Text>
      </View>
    </Page>
  );
}
