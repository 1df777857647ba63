import { AuditOutlined, ClusterOutlined, HomeOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { can } from '../auth/session.ts';

export interface MenuEntry {
  path: string;
  labelKey: string;
  icon: ReactNode;
  visible: (me: Me) => boolean;
}

/** The menu follows the permissions the server reports for the signed-in roles and scopes. */
export const MENU: MenuEntry[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, visible: () => true },
  {
    path: '/areas',
    labelKey: 'nav.areas',
    icon: <ClusterOutlined />,
    visible: (me) => can(me, 'area.create') || me.grants.some((g) => !!g.areaCode),
  },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, visible: (me) => can(me, 'audit.read') },
  { path: '/account', labelKey: 'nav.account', icon: <UserOutlined />, visible: () => true },
];

export function selectedKey(pathname: string): string {
  const match = MENU.filter((m) => m.path !== '/' && pathname.startsWith(m.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? '/';
}
