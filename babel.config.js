// babel-preset-taro: used by the Taro builds and by the jest projects that render src/ (h5, weapp).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
