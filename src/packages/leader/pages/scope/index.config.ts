export default definePageConfig({
  navigationBarTitleText: '我的服务范围',
  enablePullDownRefresh: true,
});
