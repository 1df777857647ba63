import { Card, Col, List, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Grant, Me } from '../../api/types.ts';
import { can, isSelfOnly, useMe } from '../../auth/session.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { MENU } from '../../components/menu.tsx';
import { DemandTodoCards } from './DemandTodoCards.tsx';
import { OrganizerTodoCards } from './OrganizerTodoCards.tsx';

function Scope({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  if (grant.areaCode) return <AreaName code={grant.areaCode} />;
  if (grant.organizationId) return <>{t('home.scopeOrganization')}</>;
  if (grant.stationId) return <>{t('home.scopeStation')}</>;
  if (grant.role === 'volunteer' || grant.role === 'resident') return <>{t('home.scopeSelf')}</>;
  return <>{t('home.scopeNone')}</>;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data as Me;
  const shortcuts = MENU.filter((m) => m.path !== '/' && m.visible(me));
  return (
    <>
      <Typography.Title level={3} data-testid="welcome">
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      {isSelfOnly(me) && <Typography.Paragraph type="secondary">{t('home.volunteerIntro')}</Typography.Paragraph>}
      <DemandTodoCards me={me} />
      {can(me, 'record.manage') && <OrganizerTodoCards />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home.roles')}>
            <List
              dataSource={me.grants}
              renderItem={(grant) => (
                <List.Item>
                  <Tag color="red" data-testid="role-tag">
                    {t(`role.${grant.role}`)}
                  </Tag>
                  <span>
                    {t('home.scope')}: <Scope grant={grant} />
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.quick')}>
            <List
              dataSource={shortcuts}
              renderItem={(m) => (
                <List.Item>
                  <Link to={m.path}>
                    {m.icon} {t(m.labelKey)}
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
