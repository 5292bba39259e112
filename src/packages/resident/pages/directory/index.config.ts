export default definePageConfig({
  navigationBarTitleText: '小区公示牌',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
});
