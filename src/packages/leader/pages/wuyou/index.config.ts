export default definePageConfig({
  navigationBarTitleText: '支部“五有”',
  enablePullDownRefresh: true,
});
