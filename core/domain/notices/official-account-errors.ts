/**
 * What WeChat's official-account errors mean for the staff member who ticked 「同步到公众号」, in
 * their words, with what to do (codes from /shared/reference/wechat-and-governance-facts.md §1.3).
 * `retry`: whether trying the same step again later can succeed without anyone changing anything.
 */
export interface MpGuidance {
  message: string;
  retry: boolean;
}

const GUIDANCE: Record<number, MpGuidance> = {
  40164: {
    message: '公众号拒绝了本服务器的访问：请管理员登录微信公众平台，在「设置与开发 → 基本配置 → IP白名单」里加入云函数的出口 IP，然后重新同步',
    retry: false,
  },
  48001: {
    message: '这个公众号没有发布接口的权限：自 2025 年 7 月起，只有完成微信认证的政府或组织公众号才能通过接口发布文章。请先完成认证，或在公众号后台手动发布',
    retry: false,
  },
  45009: { message: '公众号今天的接口调用次数已用完，明天会自动重试', retry: true },
  53503: { message: '草稿没有通过公众号的发布检查，请修改标题、正文或图片后重新同步', retry: false },
  53504: { message: '这篇草稿需要到微信公众平台网页上发表，请登录公众号后台操作', retry: false },
  53505: { message: '这篇草稿需要先在公众号后台手动保存一次，再重新同步', retry: false },
  45166: { message: '正文里有公众号不接受的内容，请检查后重新同步', retry: false },
  40007: { message: '封面图片已失效，请重新选择封面后同步', retry: false },
  47001: { message: '发往公众号的内容格式有误，请联系技术支持', retry: false },
};

/** How a publishing status (freepublish/get `publish_status`) other than 0 and 1 reads for staff. */
export const PUBLISH_STATUS_FAILURES: Record<number, string> = {
  2: '公众号原创声明校验未通过，文章没有发出',
  3: '公众号发布失败，请稍后重新同步',
  4: '公众号平台审核没有通过，文章没有发出',
  5: '文章发布后已在公众号后台被删除',
  6: '文章发布后被微信平台封禁',
};

export function mpGuidance(errcode: number | null): MpGuidance {
  if (errcode !== null && GUIDANCE[errcode]) return GUIDANCE[errcode];
  return { message: `同步到公众号没有成功（微信返回 ${errcode ?? '无应答'}），稍后会自动重试`, retry: true };
}
