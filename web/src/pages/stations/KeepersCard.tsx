import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { StationDetail, StationKeeper } from '../../api/types.ts';

/** Who keeps the station; those who manage it add keepers by phone number or username. */
export function KeepersCard({ station }: { station: StationDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ login: string }>();
  const client = useQueryClient();
  const setKeepers = (keepers: StationKeeper[]) =>
    client.setQueryData<StationDetail>(['station', station.id], (current) => (current ? { ...current, keepers } : current));

  const add = useMutation({
    mutationFn: (login: string) => api<StationKeeper[]>(`/api/stations/${station.id}/keepers`, { method: 'POST', json: { login } }),
    onSuccess: (keepers) => {
      setKeepers(keepers);
      form.resetFields();
      void message.success(t('stations.keeperAdded'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields([{ name: 'login', errors: error.issues.map((i) => i.message) }]);
      } else void message.error(error.message);
    },
  });
  const remove = useMutation({
    mutationFn: (accountId: string) => api(`/api/stations/${station.id}/keepers/${accountId}`, { method: 'DELETE' }),
    onSuccess: (_, accountId) => {
      setKeepers(station.keepers.filter((k) => k.accountId !== accountId));
      void message.success(t('stations.keeperRemoved'));
    },
    onError: (error) => void message.error(error.message),
  });

  const confirmRemove = (keeper: StationKeeper) =>
    modal.confirm({
      title: t('stations.confirmRemoveKeeper', { name: keeper.displayName }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      onOk: () => remove.mutateAsync(keeper.accountId),
    });

  return (
    <Card title={t('stations.keepers')} data-testid="station-keepers">
      <List<StationKeeper>
        size="small"
        dataSource={station.keepers}
        locale={{ emptyText: t('stations.noKeepers') }}
        renderItem={(keeper) => (
          <List.Item
            actions={
              station.mayManage
                ? [
                    <Button key="remove" type="link" danger size="small" icon={<DeleteOutlined />} onClick={() => confirmRemove(keeper)}>
                      {t('stations.removeKeeper')}
                    </Button>,
                  ]
                : undefined
            }
          >
            {keeper.displayName}
          </List.Item>
        )}
      />
      {station.mayManage && (
        <Form form={form} layout="inline" onFinish={({ login }) => add.mutate(login.trim())} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item
            name="login"
            style={{ minWidth: 260 }}
            rules={[{ required: true, whitespace: true, message: t('stations.keeperLoginRequired') }]}
          >
            <Input placeholder={t('stations.keeperLogin')} data-testid="keeper-login" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<UserAddOutlined />} loading={add.isPending} data-testid="add-keeper">
              {t('stations.addKeeper')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
