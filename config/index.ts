/**
 * Taro build config. Each target gets its own output folder so builds never overwrite each other:
 * weapp → dist/ (opened by WeChat DevTools), h5 → dist-h5/ (served by the local dev gateway under
 * /app/, hence the public path and hash routing).
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  // core/ sits outside src/ but is TypeScript the app may import (pure domain code, never zod schemas)
  const compile = { include: [path.resolve(__dirname, '..', 'core')] };
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hongling',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    alias: { '@core': path.resolve(__dirname, '..', 'core') },
    defineConstants: {
      // CloudBase environment id for the weapp build; replace through TARO_APP_CLOUD_ENV when deploying
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? 'replace-with-your-cloudbase-env-id'),
      // subscribe-message template ids of 报事 (受理, 办结; 新工单 for handlers); unset: no prompt
      REQUEST_TEMPLATES: JSON.stringify({
        accepted: process.env.TARO_APP_TMPL_REQUEST_ACCEPTED ?? null,
        resolved: process.env.TARO_APP_TMPL_REQUEST_RESOLVED ?? null,
        newRequest: process.env.TARO_APP_TMPL_REQUEST_NEW ?? null,
      }),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile,
      // shared component styles are imported by pages in any order; their rules don't overlap
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile,
      publicPath: '/app/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  return process.env.NODE_ENV === 'development' ? merge({}, baseConfig, devConfig) : merge({}, baseConfig, prodConfig);
});
