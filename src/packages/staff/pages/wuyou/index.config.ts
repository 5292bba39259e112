export default definePageConfig({
  navigationBarTitleText: '支部“五有”情况',
  enablePullDownRefresh: true,
});
