import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Skill } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { useSkills } from '../../components/catalog.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';

const FIELDS = [['code'], ['category'], ['nameZh'], ['nameEn'], ['needsCertificate']];

/** The skills catalog: everyone sees it; the city office adds to it. */
export function SkillsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const { skills } = useSkills();
  const [form] = Form.useForm();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      api<Skill>('/api/skills', { method: 'POST', json: { ...values, needsCertificate: !!values.needsCertificate } }),
    onMutate: () => setUnplaced([]),
    onSuccess: () => {
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['skills'] });
    },
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('skills.title')}
      </Typography.Title>
      {can(me, 'skill.manage') && (
        <Card title={t('skills.add')}>
          <Form form={form} layout="inline" style={{ rowGap: 12 }} onFinish={(v) => add.mutate(v)}>
            <Form.Item name="code" rules={[{ required: true }]}>
              <Input placeholder={t('skills.code')} style={{ width: 150 }} data-testid="skill-code" />
            </Form.Item>
            <Form.Item name="category" rules={[{ required: true }]}>
              <Input placeholder={t('skills.category')} style={{ width: 130 }} data-testid="skill-category" />
            </Form.Item>
            <Form.Item name="nameZh" rules={[{ required: true }]}>
              <Input placeholder={t('skills.nameZh')} style={{ width: 140 }} data-testid="skill-name-zh" />
            </Form.Item>
            <Form.Item name="nameEn" rules={[{ required: true }]}>
              <Input placeholder={t('skills.nameEn')} style={{ width: 160 }} data-testid="skill-name-en" />
            </Form.Item>
            <Form.Item name="needsCertificate" valuePropName="checked">
              <Checkbox>{t('skills.needsCertificate')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="skill-add">
              {t('skills.add')}
            </Button>
          </Form>
          {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginTop: 12 }} />}
        </Card>
      )}
      <Table<Skill>
        rowKey="code"
        size="small"
        dataSource={skills}
        pagination={false}
        data-testid="skill-table"
        columns={[
          { title: t('skills.name'), render: (_, s) => (i18n.language === 'en-US' ? s.nameEn : s.nameZh) },
          { title: t('skills.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
          { title: t('skills.category'), dataIndex: 'category' },
          {
            title: t('skills.needsCertificate'),
            dataIndex: 'needsCertificate',
            render: (b: boolean) => (b ? <Tag color="red">{t('orgs.yes')}</Tag> : '—'),
          },
          { title: '', dataIndex: 'builtin', render: (b: boolean) => (b ? <Tag>{t('skills.builtin')}</Tag> : null) },
        ]}
      />
    </Space>
  );
}
