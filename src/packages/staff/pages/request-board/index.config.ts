export default definePageConfig({
  navigationBarTitleText: '工单看板',
  enablePullDownRefresh: true,
});
