export default definePageConfig({
  navigationBarTitleText: '各小区公示牌',
  enablePullDownRefresh: true,
});
