// what Taro's H5 build defines: the pages and the runtime branch on these
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
