import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { nameH5Controls } from './services/h5-accessible-names';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ env: CLOUD_ENV, traceUser: true });
    if (process.env.TARO_ENV === 'h5') nameH5Controls();
  });
  // children are the pages
  return children;
}

export default App;
