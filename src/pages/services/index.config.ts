export default definePageConfig({
  navigationBarTitleText: '服务',
  enablePullDownRefresh: true,
});
