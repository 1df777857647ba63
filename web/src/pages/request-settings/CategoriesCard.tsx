import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';

type Category = Schemas['RequestCategory'];
type Mode = 'none' | 'warn' | 'block';
type CountField = 'maxVolunteers' | 'perDay' | 'perWeek';

/** One line of the catalog being edited: the guard rule flattened into its three inputs. */
interface Row {
  code: string;
  nameZh: string;
  nameEn: string;
  maxVolunteers: number | null;
  perDay: number | null;
  perWeek: number | null;
  mode: Mode;
  active: boolean;
  builtin: boolean;
  isNew?: boolean;
}

const toRow = (c: Category): Row => ({
  code: c.code,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  maxVolunteers: c.maxVolunteers,
  perDay: c.guard?.perDay ?? null,
  perWeek: c.guard?.perWeek ?? null,
  mode: c.guard?.mode ?? 'none',
  active: c.active,
  builtin: c.builtin,
});

const toItem = (row: Row, i: number, saved: Category[]) => ({
  code: row.code.trim(),
  nameZh: row.nameZh.trim(),
  nameEn: row.nameEn.trim(),
  maxVolunteers: row.maxVolunteers ?? 0,
  guard:
    row.mode === 'none'
      ? null
      : { mode: row.mode, ...(row.perDay ? { perDay: row.perDay } : {}), ...(row.perWeek ? { perWeek: row.perWeek } : {}) },
  defaultSkills: saved.find((c) => c.code === row.code)?.defaultSkills ?? [],
  active: row.active,
  sort: (i + 1) * 10,
});

/**
 * The city's catalog of request categories, edited inline: names, the most volunteers a request may
 * ask for, and the over-service guard rule. Saving sends the whole catalog (the server's rule);
 * a category is retired with its switch, never deleted here.
 */
export function CategoriesCard({ categories }: { categories: Category[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => categories.map(toRow));
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => setRows(categories.map(toRow)), [categories]);
  const edit = (i: number, patch: Partial<Row>) => setRows((prev) => prev.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const save = useMutation({
    mutationFn: () =>
      api<Category[]>('/api/request-categories', { method: 'PUT', json: { items: rows.map((row, i) => toItem(row, i, categories)) } }),
    onMutate: () => setProblems([]),
    onSuccess: (next) => {
      client.setQueryData(['request-categories'], next);
      void message.success(t('requestSettings.saved'));
    },
    // The server names a row by its place in what was sent (items.3.perWeek), which is its place in the table.
    onError: (error) =>
      setProblems(
        error instanceof ApiError && error.issues.length
          ? error.issues.map((issue) => {
              const index = Number(issue.field.split('.')[1]);
              const row = rows[index];
              return row ? t('requestSettings.rowError', { row: index + 1, code: row.code, message: issue.message }) : issue.message;
            })
          : [error.message],
      ),
  });

  /** A whole-number column; a guard limit (per day, per week) is off while the category has no guard rule. */
  const countColumn = (
    field: CountField,
    { max, width, inputWidth, guarded = false }: { max: number; width: number; inputWidth: number; guarded?: boolean },
  ) => ({
    title: t(`requestSettings.${field}`),
    width,
    render: (_: unknown, row: Row, i: number) => (
      <InputNumber
        min={1}
        max={max}
        precision={0}
        disabled={guarded && row.mode === 'none'}
        value={row[field]}
        onChange={(v) => edit(i, { [field]: v })}
        style={{ width: inputWidth }}
        data-testid={`category-${field}-${row.code || i}`}
      />
    ),
  });

  const columns = [
    {
      title: t('requestSettings.code'),
      dataIndex: 'code',
      width: 210,
      render: (_: unknown, row: Row, i: number) =>
        row.isNew ? (
          <Input value={row.code} onChange={(e) => edit(i, { code: e.target.value })} data-testid={`category-code-${i}`} />
        ) : (
          <Space size={4}>
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {row.code}
            </Typography.Text>
            {row.builtin && <Tag>{t('requestSettings.builtin')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('requestSettings.nameZh'),
      render: (_: unknown, row: Row, i: number) => (
        <Input value={row.nameZh} onChange={(e) => edit(i, { nameZh: e.target.value })} data-testid={`category-nameZh-${row.code || i}`} />
      ),
    },
    {
      title: t('requestSettings.nameEn'),
      render: (_: unknown, row: Row, i: number) => <Input value={row.nameEn} onChange={(e) => edit(i, { nameEn: e.target.value })} />,
    },
    countColumn('maxVolunteers', { max: 100, width: 110, inputWidth: 80 }),
    {
      title: t('requestSettings.mode'),
      width: 120,
      render: (_: unknown, row: Row, i: number) => (
        <Select<Mode>
          value={row.mode}
          onChange={(mode) => edit(i, { mode })}
          style={{ width: 100 }}
          options={(['none', 'warn', 'block'] as const).map((m) => ({ value: m, label: t(`requestSettings.modes.${m}`) }))}
          data-testid={`category-mode-${row.code || i}`}
        />
      ),
    },
    countColumn('perDay', { max: 100, width: 100, inputWidth: 72, guarded: true }),
    countColumn('perWeek', { max: 700, width: 100, inputWidth: 72, guarded: true }),
    {
      title: t('requestSettings.active'),
      width: 70,
      render: (_: unknown, row: Row, i: number) => <Switch size="small" checked={row.active} onChange={(active) => edit(i, { active })} />,
    },
  ];

  return (
    <Card
      title={t('requestSettings.categories')}
      extra={
        <Space>
          <Button
            icon={<PlusOutlined />}
            onClick={() =>
              setRows((prev) => [
                ...prev,
                {
                  code: '',
                  nameZh: '',
                  nameEn: '',
                  maxVolunteers: 1,
                  perDay: null,
                  perWeek: null,
                  mode: 'none',
                  active: true,
                  builtin: false,
                  isNew: true,
                },
              ])
            }
            data-testid="add-category"
          >
            {t('requestSettings.add')}
          </Button>
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()} data-testid="save-categories">
            {t('requestSettings.save')}
          </Button>
        </Space>
      }
      data-testid="categories-card"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('requestSettings.categoriesHelp')}</Typography.Text>
        {problems.length > 0 && (
          <Alert type="error" showIcon title={problems.map((p) => <div key={p}>{p}</div>)} data-testid="categories-errors" />
        )}
        <Table<Row>
          rowKey={(row) => (row.isNew ? `new-${rows.indexOf(row)}` : row.code)}
          size="small"
          pagination={false}
          scroll={{ x: 900 }}
          dataSource={rows}
          columns={columns}
          data-testid="categories-table"
        />
      </Space>
    </Card>
  );
}
