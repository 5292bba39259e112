export default defineAppConfig({
  pages: ['pages/index/index', 'pages/services/index', 'pages/points/index', 'pages/mine/index'],
  // each audience's pages live in its own subpackage (ARCHITECTURE decision 6)
  subPackages: [
    { root: 'packages/resident', pages: ['pages/directory/index', 'pages/bind/index', 'pages/account/index', 'pages/report/index', 'pages/requests/index', 'pages/request/index', 'pages/notices/index', 'pages/notice/index'] },
    { root: 'packages/leader', pages: ['pages/scope/index', 'pages/points/index', 'pages/history/index', 'pages/claim/index', 'pages/ranking/index', 'pages/bind-reviews/index', 'pages/wuyou/index', 'pages/work/index', 'pages/request/index'] },
    { root: 'packages/staff', pages: ['pages/compounds/index', 'pages/claims/index', 'pages/award/index', 'pages/rules/index', 'pages/publications/index', 'pages/invites/index', 'pages/people/index', 'pages/import/index', 'pages/org/index', 'pages/org-node/index', 'pages/audit/index', 'pages/wuyou/index', 'pages/request-board/index', 'pages/request-rates/index', 'pages/request-visits/index', 'pages/notices/index', 'pages/notice-edit/index', 'pages/wishes/index'] },
    { root: 'packages/public', pages: ['pages/publication/index', 'pages/join/index', 'pages/article/index'] },
    // 微心愿, volunteer teams and activities: for residents, members, leaders and staff alike
    {
      root: 'packages/service',
      pages: ['pages/wishes/index', 'pages/wish/index', 'pages/wish-post/index', 'pages/activities/index', 'pages/activity/index', 'pages/activity-edit/index', 'pages/activity-run/index', 'pages/checkin/index', 'pages/teams/index', 'pages/team/index'],
    },
  ],
  tabBar: {
    color: '#5c5c5c',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/services/index', text: '服务', iconPath: 'assets/tab/services.png', selectedIconPath: 'assets/tab/services-active.png' },
      { pagePath: 'pages/points/index', text: '积分', iconPath: 'assets/tab/points.png', selectedIconPath: 'assets/tab/points-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  window: {
    navigationBarTitleText: '红邻',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f1ec',
    backgroundTextStyle: 'dark',
  },
  // WeChat's privacy check: privacy-sensitive APIs wait for the user's consent to the privacy policy
  __usePrivacyCheck__: true,
});
