/**
 * h5: React pages rendered in jsdom with Testing Library (TOOLCHAIN.md "React pages in jsdom").
 * Pages go through babel-preset-taro; tests/e2e/seeded-cloud.ts (the real local cloud, in its own
 * process) gets the node transform.
 */
const path = require('path');

const root = path.resolve(__dirname, '../..');
const nodeBabel = [
  'babel-jest',
  {
    configFile: false,
    babelrc: false,
    presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
  },
];
const taroBabel = ['babel-jest', { configFile: path.join(root, 'babel.config.js') }];

module.exports = {
  displayName: 'h5',
  rootDir: root,
  testEnvironment: 'jsdom',
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  testMatch: ['<rootDir>/tests/h5/**/*.test.{ts,tsx}'],
  setupFiles: ['<rootDir>/tests/h5/setup.ts'],
  transform: {
    '/tests/e2e/.+\\.ts$': nodeBabel,
    '^.+\\.[cm]?[jt]sx?$': taroBabel,
  },
  // ESM packages are compiled wherever they sit (@tarojs/components vendors its own ESM tslib)
  transformIgnorePatterns: [
    '^(?!.*/node_modules/(@tarojs|@stencil|lodash-es|query-string|decode-uri-component|split-on-first|filter-obj|swiper)/).*/node_modules/',
  ],
  moduleNameMapper: {
    '^@tarojs/components$': '@tarojs/components/lib/react/index.js',
    '^@tarojs/taro$': '<rootDir>/tests/h5/taro.ts',
    '^@core/(.*)$': '<rootDir>/core/$1',
    '\\.(css|scss)$': '<rootDir>/tests/h5/style-stub.js',
  },
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_MUTATION_OBSERVER: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
    __TARO_FRAMEWORK__: 'react',
    CLOUD_ENV: 'test-env',
    REQUEST_TEMPLATES: { accepted: null, resolved: null, newRequest: null },
  },
};
