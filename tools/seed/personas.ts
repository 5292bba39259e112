/**
 * The demo personas: one WeChat identity per role, bound to a person of the demo data (demo.ts),
 * plus a visitor who has not bound yet. The dev login lists them; tests call functions as them.
 */
export interface Persona {
  openid: string;
  role: string;
  label: string;
  name: string;
  description: string;
}

export const PERSONA_OPENIDS = {
  resident: 'demo-resident',
  leader: 'demo-leader',
  gridWorker: 'demo-grid-worker',
  secretary: 'demo-secretary',
  staff: 'demo-staff',
  admin: 'demo-admin',
  visitor: 'demo-visitor',
} as const;

export const personas: Persona[] = [
  {
    openid: PERSONA_OPENIDS.resident,
    role: 'resident',
    label: '居民',
    name: '李秀兰',
    description: '和平小区 1号楼1单元101 的居民',
  },
  {
    openid: PERSONA_OPENIDS.leader,
    role: 'leader',
    label: '红色近邻长',
    name: '王建国',
    description: '和平小区党支部的红色近邻长，联系 1号楼、2号楼',
  },
  {
    openid: PERSONA_OPENIDS.gridWorker,
    role: 'grid_worker',
    label: '网格员',
    name: '张桂英',
    description: '和平小区第一微网格（1—3号楼）的网格员',
  },
  {
    openid: PERSONA_OPENIDS.secretary,
    role: 'secretary',
    label: '小区党支部书记',
    name: '刘志强',
    description: '和平小区党支部书记',
  },
  {
    openid: PERSONA_OPENIDS.staff,
    role: 'staff',
    label: '社区工作人员',
    name: '陈美华',
    description: '幸福里社区党委的工作人员',
  },
  {
    openid: PERSONA_OPENIDS.admin,
    role: 'admin',
    label: '管理员',
    name: '杨德明',
    description: '滨江区管理员，管理幸福里社区',
  },
  {
    openid: PERSONA_OPENIDS.visitor,
    role: 'visitor',
    label: '未绑定访客',
    name: '访客',
    description: '还没有绑定身份的微信用户',
  },
];
