/**
 * One jest run, five projects. Node-side code (core, functions, localcloud, tools) is compiled by
 * babel for the current Node; pages in src/ go through babel-preset-taro (see the h5 project).
 */
const nodeTransform = {
  '^.+\\.[cm]?[jt]sx?$': [
    'babel-jest',
    {
      configFile: false,
      babelrc: false,
      presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
    },
  ],
};
const nodeProject = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: nodeTransform,
  // ESM-only packages that jest must compile
  transformIgnorePatterns: ['/node_modules/(?!(mingo|@noble)/)'],
  moduleNameMapper: { '^@core/(.*)$': '<rootDir>/core/$1' },
  ...extra,
});

module.exports = {
  projects: [
    nodeProject('unit'),
    nodeProject('functions', { globalSetup: '<rootDir>/tests/helpers/global-setup.ts' }),
    nodeProject('weapp'),
    nodeProject('e2e'),
    require('./tests/h5/jest.project.js'),
  ],
};
