/**
 * `@tarojs/taro` as the H5 build assembles it: the build rewrites `Taro.x` into taro-h5's named
 * exports, and plugin-framework-react's api-loader attaches the React hooks (useRouter, …).
 */
import * as h5Apis from '@tarojs/taro-h5';
import * as reactHooks from '@tarojs/plugin-framework-react/dist/runtime';

const taro = Object.assign({}, h5Apis.default, h5Apis, reactHooks);

export * from '@tarojs/taro-h5';
export * from '@tarojs/plugin-framework-react/dist/runtime';
export default taro;
