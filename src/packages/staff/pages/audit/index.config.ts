export default definePageConfig({
  navigationBarTitleText: '组织架构变更记录',
  enablePullDownRefresh: true,
});
