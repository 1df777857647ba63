import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Device, useDevices, useRevokeDevice } from './attendance-api.ts';
import { OrganizationChoice, useOrganizationChoice } from './OrganizationChoice.tsx';
import { RegisterDeviceModal } from './RegisterDeviceModal.tsx';

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : null);

/** 读卡设备: an organization's card readers and kiosks — register (key shown once), see their uploads, revoke. */
export function DevicesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const choice = useOrganizationChoice();
  const devices = useDevices(choice.organizationId);
  const revoke = useRevokeDevice();
  const [registering, setRegistering] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  if (!choice.organizationId) return <Alert type="info" showIcon title={t('review.noOrganization')} />;

  const revokeDevice = async (d: Device) => {
    setFailed(null);
    try {
      await revoke.mutateAsync(d.id);
      message.success(t('devices.revoked', { name: d.name }));
    } catch (error) {
      setFailed((error as Error).message);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('devices.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="device-register">
          {t('devices.register')}
        </Button>
      </Space>
      <Alert type="info" showIcon title={t('devices.help')} />
      <Card size="small">
        <OrganizationChoice choice={choice} />
      </Card>
      {(failed || devices.error) && <Alert type="error" showIcon title={failed ?? devices.error?.message} data-testid="devices-error" />}
      <Table<Device>
        rowKey="id"
        size="small"
        loading={devices.isFetching}
        dataSource={devices.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('devices.empty') }}
        data-testid="device-table"
        columns={[
          { title: t('devices.name'), dataIndex: 'name' },
          { title: t('devices.keyPrefix'), dataIndex: 'keyPrefix', render: (p: string) => <code>{p}…</code> },
          { title: t('devices.stationColumn'), dataIndex: 'stationName', render: (s: string | null) => s ?? t('devices.noStation') },
          {
            title: t('devices.lastUpload'),
            dataIndex: 'lastEventAt',
            render: (at: string | null) => when(at) ?? <Typography.Text type="secondary">{t('devices.never')}</Typography.Text>,
          },
          { title: t('devices.createdAt'), dataIndex: 'createdAt', render: when },
          {
            title: t('devices.status'),
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <Tag color={d.status === 'active' ? 'green' : 'default'} data-testid="device-status">
                  {t(`devices.statuses.${d.status}`)}
                </Tag>
                {d.revokedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('devices.revokedAt', { at: when(d.revokedAt) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'revoke',
            render: (_, d) =>
              d.status === 'active' && (
                <Popconfirm
                  title={t('devices.revokeConfirm', { name: d.name })}
                  description={t('devices.revokeHelp')}
                  okText={t('devices.revoke')}
                  cancelText={t('devices.cancel')}
                  okButtonProps={{ danger: true, id: `device-revoke-confirm-${d.id}` }}
                  onConfirm={() => revokeDevice(d)}
                >
                  <Button size="small" danger data-testid="device-revoke">
                    {t('devices.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {registering && <RegisterDeviceModal organizationId={choice.organizationId} onClose={() => setRegistering(false)} />}
    </Space>
  );
}
