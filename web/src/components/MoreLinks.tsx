import { Card, Grid, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { isSelfOnly } from '../auth/session.ts';
import { offTabBar } from './menu.tsx';

/** On a phone with the tab bar, the pages the bar has no room for, listed under the account tab. */
export function MoreLinks({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mobile = Grid.useBreakpoint().md === false;
  const entries = offTabBar(me);
  if (!mobile || !isSelfOnly(me) || entries.length === 0) return null;
  return (
    <Card title={t('nav.more')} size="small" style={{ marginBottom: 16 }} styles={{ body: { padding: 4 } }}>
      <Menu
        mode="inline"
        selectable={false}
        items={entries.map((m) => ({ key: m.path, icon: m.icon, label: t(m.labelKey) }))}
        onClick={({ key }) => navigate(key)}
        style={{ borderInlineEnd: 'none' }}
        data-testid="more-links"
      />
    </Card>
  );
}
