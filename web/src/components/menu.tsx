import {
  AuditOutlined,
  ClusterOutlined,
  FlagOutlined,
  HomeOutlined,
  IdcardOutlined,
  ImportOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { can, isSelfOnly } from '../auth/session.ts';

export interface MenuEntry {
  path: string;
  labelKey: string;
  icon: ReactNode;
  visible: (me: Me) => boolean;
}

/** The menu follows the permissions the server reports for the signed-in roles and scopes. */
export const MENU: MenuEntry[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, visible: () => true },
  { path: '/me', labelKey: 'nav.myVolunteer', icon: <IdcardOutlined />, visible: (me) => me.grants.some((g) => g.role === 'volunteer') },
  {
    path: '/volunteers',
    labelKey: 'nav.volunteers',
    icon: <TeamOutlined />,
    visible: (me) => can(me, 'volunteer.read') && !isSelfOnly(me),
  },
  { path: '/import', labelKey: 'nav.imports', icon: <ImportOutlined />, visible: (me) => can(me, 'volunteer.import') },
  {
    path: '/organizations',
    labelKey: 'nav.organizations',
    icon: <UsergroupAddOutlined />,
    visible: (me) => can(me, 'organization.browse'),
  },
  { path: '/projects', labelKey: 'nav.projects', icon: <FlagOutlined />, visible: (me) => can(me, 'project.browse') },
  { path: '/stations', labelKey: 'nav.stations', icon: <ShopOutlined />, visible: (me) => can(me, 'station.read') },
  {
    path: '/areas',
    labelKey: 'nav.areas',
    icon: <ClusterOutlined />,
    visible: (me) => can(me, 'area.create') || me.grants.some((g) => !!g.areaCode),
  },
  { path: '/skills', labelKey: 'nav.skills', icon: <ToolOutlined />, visible: (me) => can(me, 'skill.manage') },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, visible: (me) => can(me, 'audit.read') },
  { path: '/account', labelKey: 'nav.account', icon: <UserOutlined />, visible: () => true },
];

export function selectedKey(pathname: string): string {
  const match = MENU.filter((m) => m.path !== '/' && pathname.startsWith(m.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? '/';
}
