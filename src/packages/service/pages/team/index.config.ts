export default definePageConfig({
  navigationBarTitleText: '服务队',
  enablePullDownRefresh: true,
});
