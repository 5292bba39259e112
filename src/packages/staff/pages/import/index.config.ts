export default definePageConfig({
  navigationBarTitleText: '名册导入导出',
});
