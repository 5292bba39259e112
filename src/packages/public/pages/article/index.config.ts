export default definePageConfig({
  navigationBarTitleText: '公众号文章',
});
