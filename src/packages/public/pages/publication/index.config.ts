export default definePageConfig({
  navigationBarTitleText: '积分公示',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
});
