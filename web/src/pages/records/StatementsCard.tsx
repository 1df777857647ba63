import { DownloadOutlined, FileProtectOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { chinaToday } from '../training/training-api.ts';
import {
  STATEMENT_KINDS,
  type Statement,
  type StatementKind,
  type StatementRequest,
  statementPdfUrl,
  statementsUrl,
  useStatements,
} from './statements-api.ts';

interface Values {
  kind: StatementKind;
  school?: string;
  termMode: 'term' | 'dates';
  schoolYear?: number;
  half?: 'autumn' | 'spring';
  from?: Dayjs;
  to?: Dayjs;
  years?: number;
}

/** What the form asks the server for: only the fields of the chosen kind (and term mode). */
function requestOf(v: Values): StatementRequest {
  if (v.kind === 'employerReference') return { kind: v.kind };
  if (v.kind === 'residencePoints') return { kind: v.kind, years: v.years };
  const school = { kind: v.kind, school: v.school ?? '' };
  return v.termMode === 'term'
    ? { ...school, schoolYear: v.schoolYear, half: v.half }
    : { ...school, from: v.from?.format('YYYY-MM-DD'), to: v.to?.format('YYYY-MM-DD') };
}

/** One line of what a statement states, for the table. */
function Summary({ s }: { s: Statement }) {
  const { t } = useTranslation();
  const f = s.facts;
  if (f.kind === 'schoolPractice')
    return <>{t('statements.summaryValue.schoolPractice', { school: f.school, from: f.term.from, to: f.term.to, hours: f.totalHours })}</>;
  if (f.kind === 'employerReference') return <>{t('statements.summaryValue.employerReference', { hours: f.totalHours, stars: f.stars })}</>;
  return <>{t('statements.summaryValue.residencePoints', { first: f.years[0]?.year, last: f.years.at(-1)?.year, hours: f.totalHours })}</>;
}

function RevokeModal({ statement, onClose }: { statement: Statement; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (reason: string) => api(`/api/statements/${statement.id}/revoke`, { method: 'POST', json: { reason } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['statements'] });
      void message.success(t('statements.revoked'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('statements.revokeTitle', { code: statement.code })}
      okText={t('statements.revoke')}
      okButtonProps={{ danger: true, loading: revoke.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v.reason)}>
        <Form.Item
          name="reason"
          label={t('statements.revokeReason')}
          rules={[{ required: true, whitespace: true, message: t('statements.revokeReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
      {revoke.error && <Alert type="error" showIcon title={revoke.error.message} />}
    </Modal>
  );
}

/**
 * Issuing a signed statement of a kind and the ones issued: the volunteer's own (我的证明), or, with
 * volunteerId, an office's for a volunteer of its area (on the volunteer's page).
 */
export function StatementsCard({ volunteerId }: { volunteerId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const statements = useStatements(volunteerId);
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [revoking, setRevoking] = useState<Statement>();
  const kind = Form.useWatch('kind', form) ?? 'schoolPractice';
  const termMode = Form.useWatch('termMode', form) ?? 'term';
  const today = dayjs(chinaToday());
  // The school year now running (it starts in September), and the four before it.
  const currentSchoolYear = today.month() >= 8 ? today.year() : today.year() - 1;
  const schoolYears = Array.from({ length: 5 }, (_, i) => currentSchoolYear - i);
  const issue = useMutation({
    mutationFn: (v: Values) => api<Statement>(statementsUrl(volunteerId), { method: 'POST', json: requestOf(v) }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, [['school'], ['schoolYear'], ['half'], ['from'], ['to'], ['years']])),
    onSuccess: (s) => {
      void client.invalidateQueries({ queryKey: ['statements'] });
      void message.success(t('statements.issued', { code: s.code }));
    },
  });

  return (
    <Card title={t(volunteerId ? 'statements.officeTitle' : 'statements.title')} data-testid="statements">
      <Typography.Paragraph type="secondary">{t(volunteerId ? 'statements.officeHelp' : 'statements.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'schoolPractice',
          termMode: 'term',
          schoolYear: currentSchoolYear,
          half: today.month() >= 8 || today.month() === 0 ? 'autumn' : 'spring',
          years: 5,
        }}
        onFinish={(v) => issue.mutate(v)}
        onValuesChange={() => setUnplaced([])}
        style={{ maxWidth: 640 }}
        data-testid="statement-form"
      >
        <Form.Item name="kind" label={t('statements.kind')}>
          <Select
            options={STATEMENT_KINDS.map((k) => ({ value: k, label: t(`statements.kindValue.${k}`) }))}
            data-testid="statement-kind"
          />
        </Form.Item>
        {kind === 'schoolPractice' && (
          <>
            <Form.Item name="school" label={t('statements.school')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} placeholder={t('statements.schoolPlaceholder')} data-testid="statement-school" />
            </Form.Item>
            <Form.Item name="termMode" label={t('statements.termMode')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'term', label: t('statements.byTerm') },
                  { value: 'dates', label: t('statements.byDates') },
                ]}
              />
            </Form.Item>
            {termMode === 'term' ? (
              <Space wrap>
                <Form.Item name="schoolYear" label={t('statements.schoolYear')} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 180 }}
                    options={schoolYears.map((y) => ({ value: y, label: t('statements.schoolYearValue', { from: y, to: y + 1 }) }))}
                    data-testid="statement-school-year"
                  />
                </Form.Item>
                <Form.Item name="half" label={t('statements.half')} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 220 }}
                    options={(['autumn', 'spring'] as const).map((h) => ({ value: h, label: t(`statements.halfValue.${h}`) }))}
                    data-testid="statement-half"
                  />
                </Form.Item>
              </Space>
            ) : (
              <Space wrap>
                <Form.Item name="from" label={t('statements.from')} rules={[{ required: true }]}>
                  <DatePicker />
                </Form.Item>
                <Form.Item name="to" label={t('statements.to')} rules={[{ required: true }]}>
                  <DatePicker />
                </Form.Item>
              </Space>
            )}
          </>
        )}
        {kind === 'residencePoints' && (
          <Form.Item name="years" label={t('statements.years')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10} precision={0} />
          </Form.Item>
        )}
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" icon={<FileProtectOutlined />} loading={issue.isPending} data-testid="issue-statement">
            {t('statements.issue')}
          </Button>
        </Form.Item>
      </Form>
      {unplaced.length > 0 && (
        <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginTop: 16 }} data-testid="statement-error" />
      )}
      <Table<Statement>
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        loading={statements.isFetching}
        dataSource={statements.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('statements.empty') }}
        data-testid="statement-table"
        columns={[
          {
            title: t('statements.code'),
            dataIndex: 'code',
            render: (code: string, s) => (
              <>
                <Link to={`/verify/${code}`} className="vn-code">
                  {code}
                </Link>
                <div>
                  <Typography.Text type="secondary">{t('statements.issuedOnValue', { date: s.facts.issuedOn })}</Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('statements.kind'),
            dataIndex: 'kind',
            render: (k: StatementKind, s) => (
              <Space size={4} wrap>
                {t(`verifyStatement.kindValue.${k}`)}
                {s.facts.issuedBy === 'office' && <Tag>{t('statements.byOffice', { office: s.facts.issuingOffice ?? '' })}</Tag>}
              </Space>
            ),
          },
          { title: t('statements.summary'), render: (_, s) => <Summary s={s} /> },
          {
            title: t('statements.status'),
            dataIndex: 'status',
            render: (st: Statement['status'], s) => (
              <Tag color={st === 'valid' ? 'green' : 'red'} title={s.revokedReason ?? undefined}>
                {t(`statements.statusValue.${st}`)}
              </Tag>
            ),
          },
          {
            key: 'actions',
            render: (_, s) => (
              <Space>
                <Tooltip title={t('statements.download')}>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    href={statementPdfUrl(s.id)}
                    aria-label={t('statements.download')}
                    data-testid="statement-pdf"
                  />
                </Tooltip>
                {s.status === 'valid' && (
                  <Tooltip title={t('statements.revoke')}>
                    <Button
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      onClick={() => setRevoking(s)}
                      aria-label={t('statements.revoke')}
                    />
                  </Tooltip>
                )}
              </Space>
            ),
          },
        ]}
      />
      {revoking && <RevokeModal statement={revoking} onClose={() => setRevoking(undefined)} />}
    </Card>
  );
}
