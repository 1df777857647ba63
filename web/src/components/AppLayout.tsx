import { LogoutOutlined, MenuOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { isSelfOnly, useMe, useSetLanguage, useSignOut } from '../auth/session.ts';
import { MENU, offTabBar, selectedKey } from './menu.tsx';

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="vn-brand">
      <img src="/favicon.svg" alt="" />
      <span>{t('app.name')}</span>
    </Link>
  );
}

function HeaderTools({ me, compact }: { me: Me; compact: boolean }) {
  const { t, i18n } = useTranslation();
  const setLanguage = useSetLanguage();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Space size={compact ? 4 : 12}>
      {!compact && <Typography.Text style={{ color: '#fff' }}>{me.displayName}</Typography.Text>}
      <Button
        type="text"
        style={{ color: '#fff' }}
        icon={<TranslationOutlined />}
        onClick={() => void setLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}
        data-testid="language-switch"
      >
        {t('lang.switch')}
      </Button>
      <Button
        type="text"
        style={{ color: '#fff' }}
        icon={<LogoutOutlined />}
        onClick={() => signOut.mutate(false, { onSettled: () => navigate('/sign-in') })}
        data-testid="sign-out"
      >
        {compact ? null : t('nav.signOut')}
      </Button>
    </Space>
  );
}

/** Desktop: a side menu. Phone: a drawer menu, or a bottom tab bar for volunteers and residents. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const mobile = screens.md === false;
  const entries = MENU.filter((m) => m.visible(me));
  const items = entries.map((m) => ({ key: m.path, icon: m.icon, label: t(m.labelKey) }));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      data-testid="main-menu"
      style={{ borderInlineEnd: 'none' }}
    />
  );
  const tabBar = mobile && isSelfOnly(me);
  // A page reached from the account page keeps the account tab lit.
  const tabSelected = (path: string) => {
    const current = selectedKey(location.pathname);
    return current === path || (path === '/account' && offTabBar(me).some((m) => m.path === current));
  };

  return (
    <Layout style={{ minHeight: '100vh' }} className={mobile ? 'vn-mobile' : undefined}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: mobile ? '0 8px' : '0 24px',
          background: '#c8102e',
        }}
      >
        <Space>
          {mobile && !tabBar && (
            <Button
              type="text"
              style={{ color: '#fff' }}
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.menu')}
              data-testid="menu-button"
            />
          )}
          <Brand />
        </Space>
        <HeaderTools me={me} compact={mobile} />
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={64}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ display: 'flex', justifyContent: 'center' }}>
          <div className="vn-content">
            {/* A page's chunk loads under the menu and header, which stay. */}
            <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
              <Outlet />
            </Suspense>
          </div>
        </Layout.Content>
      </Layout>
      {mobile && !tabBar && (
        <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={260} title={t('app.name')}>
          {menu}
        </Drawer>
      )}
      {tabBar && (
        <nav className="vn-tabbar" data-testid="tab-bar">
          {entries
            .filter((m) => m.tab !== false)
            .map((m) => (
              <Link key={m.path} to={m.path} className={tabSelected(m.path) ? 'active' : undefined}>
                {m.icon}
                <span>{t(m.labelKey)}</span>
              </Link>
            ))}
        </nav>
      )}
    </Layout>
  );
}
