import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { FormListFieldData } from 'antd/es/form';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { StationStandard } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { standardName } from './labels.tsx';
import { type RetiredEntry, RetiredStandardsCard } from './RetiredStandardsCard.tsx';

/** One line of the checklist being edited; a new one has not been saved, so its code may still change. */
interface Row {
  code: string;
  nameZh: string;
  nameEn: string;
  isNew?: boolean;
}

// The same shape the server checks (stations.routes.ts), so most mistakes show before saving.
const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const NAMED_FIELDS = ['code', 'nameZh', 'nameEn'] as const;

const toRow = (s: StationStandard): Row => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn });
/** Saved standards that no saved row on the form keeps: retired already, or retired on saving. */
const offTheList = (standards: StationStandard[], rows: Row[]) => {
  const kept = new Set(rows.filter((row) => !row.isNew).map((row) => row.code));
  return standards.filter((s) => !kept.has(s.code));
};
const sameRows = (a: Row[], b: Row[]) =>
  a.length === b.length && a.every((row, i) => row.code === b[i].code && row.nameZh === b[i].nameZh && row.nameEn === b[i].nameEn);

function CodeText({ value, tag }: { value?: string; tag?: ReactNode }) {
  return (
    <Space size={4}>
      <Typography.Text code>{value}</Typography.Text>
      {tag}
    </Space>
  );
}

/**
 * The city admin's checklist: the rows on the form are the standards in force, in order. Saving
 * sends them all; a saved standard taken off the form is retired, never deleted (the server's rule).
 */
export function StandardsEditor({ standards }: { standards: StationStandard[] }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ items: Row[] }>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const saved = standards.filter((s) => s.active).map(toRow);
  const rows: Row[] = Form.useWatch('items', { form, preserve: true }) ?? saved;
  const offList: RetiredEntry[] = offTheList(standards, rows)
    .map((standard) => ({ standard, pending: standard.active }))
    .sort((a, b) => Number(!!b.pending) - Number(!!a.pending));
  const dirty = !sameRows(rows, saved);
  const rowAt = (field: FormListFieldData): Row => form.getFieldValue(['items', field.name]) ?? { code: '', nameZh: '', nameEn: '' };

  const save = useMutation({
    mutationFn: (items: Row[]) =>
      api<StationStandard[]>('/api/stations/standards', {
        method: 'PUT',
        json: {
          items: items.map((row, i) => ({
            code: row.code.trim(),
            nameZh: row.nameZh.trim(),
            nameEn: row.nameEn.trim(),
            active: true,
            sort: i + 1,
          })),
        },
      }),
    onMutate: () => setUnplaced([]),
    onSuccess: (next) => {
      client.setQueryData(['station-standards'], next);
      // "To standard" is derived from the checklist in force, so every station's may have changed.
      void client.invalidateQueries({ queryKey: ['stations'] });
      void client.invalidateQueries({ queryKey: ['station'] });
      void message.success(t('stations.checklist.saved'));
    },
    // The server names rows by their place in what was sent, which is their place on the form.
    onError: (error, items) =>
      setUnplaced(applyFieldErrors(form, error, [...items.flatMap((_, i) => NAMED_FIELDS.map((f) => ['items', i, f])), ['items']])),
  });

  const submit = (items: Row[]) => {
    const retiring = offTheList(standards, items).filter((s) => s.active);
    if (retiring.length === 0) return save.mutate(items);
    modal.confirm({
      title: t('stations.checklist.confirmRetire'),
      content: (
        <>
          <ul style={{ paddingInlineStart: 20, margin: '8px 0' }}>
            {retiring.map((s) => (
              <li key={s.code}>{standardName(s, i18n.language)}</li>
            ))}
          </ul>
          <Typography.Text type="secondary">{t('stations.checklist.confirmRetireHint')}</Typography.Text>
        </>
      ),
      okText: t('stations.checklist.retire'),
      okButtonProps: { danger: true },
      cancelText: t('stations.cancel'),
      // Problems go onto the fields; the dialog has done its part either way.
      onOk: () => save.mutateAsync(items).catch(() => undefined),
    });
  };

  /** Puts a standard that is off the list back on it: where it was when it is only pending, else last. */
  const bringBack = ({ standard }: RetiredEntry) => {
    const at = saved.findIndex((row) => row.code === standard.code);
    const next = [...rows];
    next.splice(at < 0 ? next.length : Math.min(at, next.length), 0, toRow(standard));
    form.setFieldValue('items', next);
  };

  // The server would quietly take a new row with such a code as that standard, renamed; a copy of
  // a code still on the list is the server's to refuse (a duplicate).
  const codeTaken = (code: string | undefined) => {
    const owner = offTheList(standards, form.getFieldValue('items') ?? []).find((s) => s.code === code);
    if (owner) throw new Error(t('stations.checklist.codeTaken', { code, name: standardName(owner, i18n.language) }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form
        form={form}
        initialValues={{ items: saved }}
        onFinish={() => submit(form.getFieldValue('items'))}
        onValuesChange={() => {
          if (unplaced.length) setUnplaced([]);
        }}
        data-testid="standards-form"
      >
        <Card
          title={t('stations.checklist.inForce', { n: rows.length })}
          extra={dirty && <Tag color="warning">{t('stations.checklist.unsaved')}</Tag>}
        >
          <Form.List
            name="items"
            rules={[
              {
                validator: async (_, items?: Row[]) => {
                  if (!items?.length) throw new Error(t('stations.checklist.keepOne'));
                },
              },
            ]}
          >
            {(fields, { add, remove, move }, { errors }) => (
              <>
                <Table<FormListFieldData>
                  rowKey="key"
                  size="small"
                  pagination={false}
                  dataSource={fields}
                  scroll={{ x: 820 }}
                  data-testid="standards-table"
                  columns={[
                    {
                      title: t('stations.checklist.order'),
                      width: 110,
                      render: (_, _field, index) => (
                        <Space size={0}>
                          <Typography.Text type="secondary" style={{ display: 'inline-block', width: 24 }}>
                            {index + 1}
                          </Typography.Text>
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowUpOutlined />}
                            title={t('stations.checklist.moveUp')}
                            aria-label={t('stations.checklist.moveUp')}
                            disabled={index === 0}
                            onClick={() => move(index, index - 1)}
                          />
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowDownOutlined />}
                            title={t('stations.checklist.moveDown')}
                            aria-label={t('stations.checklist.moveDown')}
                            disabled={index === fields.length - 1}
                            onClick={() => move(index, index + 1)}
                          />
                        </Space>
                      ),
                    },
                    {
                      title: t('stations.checklist.code'),
                      width: 240,
                      render: (_, field) => {
                        const row = rowAt(field);
                        if (!row.isNew) {
                          const restoring = standards.some((s) => s.code === row.code && !s.active);
                          return (
                            <Form.Item name={[field.name, 'code']} style={{ margin: 0 }}>
                              <CodeText tag={restoring && <Tag color="processing">{t('stations.checklist.restoring')}</Tag>} />
                            </Form.Item>
                          );
                        }
                        return (
                          <Form.Item
                            name={[field.name, 'code']}
                            style={{ margin: 0 }}
                            messageVariables={{ label: t('stations.checklist.code') }}
                            rules={[
                              { required: true },
                              { pattern: CODE, message: t('stations.checklist.codeFormat') },
                              { validator: async (_r, code?: string) => codeTaken(code) },
                            ]}
                          >
                            <Input placeholder={t('stations.checklist.codePlaceholder')} data-testid="standard-code" />
                          </Form.Item>
                        );
                      },
                    },
                    {
                      title: t('stations.checklist.nameZh'),
                      render: (_, field) => (
                        <Form.Item
                          name={[field.name, 'nameZh']}
                          style={{ margin: 0 }}
                          messageVariables={{ label: t('stations.checklist.nameZh') }}
                          rules={[{ required: true, whitespace: true }, { max: 60 }]}
                        >
                          <Input data-testid="standard-name-zh" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('stations.checklist.nameEn'),
                      render: (_, field) => (
                        <Form.Item
                          name={[field.name, 'nameEn']}
                          style={{ margin: 0 }}
                          messageVariables={{ label: t('stations.checklist.nameEn') }}
                          rules={[{ required: true, whitespace: true }, { max: 100 }]}
                        >
                          <Input data-testid="standard-name-en" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('stations.checklist.actions'),
                      width: 110,
                      render: (_, field) =>
                        rowAt(field).isNew ? (
                          <Button type="link" size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                            {t('stations.checklist.remove')}
                          </Button>
                        ) : (
                          <Button
                            type="link"
                            danger
                            size="small"
                            icon={<StopOutlined />}
                            onClick={() => remove(field.name)}
                            data-testid={`retire-${rowAt(field).code}`}
                          >
                            {t('stations.checklist.retire')}
                          </Button>
                        ),
                    },
                  ]}
                />
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  style={{ marginTop: 12 }}
                  onClick={() => add({ code: '', nameZh: '', nameEn: '', isNew: true } satisfies Row)}
                  data-testid="add-standard"
                >
                  {t('stations.checklist.add')}
                </Button>
              </>
            )}
          </Form.List>
          {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} style={{ marginTop: 12 }} />}
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" disabled={!dirty} loading={save.isPending} data-testid="save-standards">
              {t('stations.checklist.save')}
            </Button>
            <Button
              disabled={!dirty}
              onClick={() => {
                form.resetFields();
                setUnplaced([]);
              }}
            >
              {t('stations.checklist.discard')}
            </Button>
          </Space>
        </Card>
      </Form>
      <RetiredStandardsCard
        entries={offList}
        action={(entry) => (
          <Button
            type="link"
            size="small"
            icon={<UndoOutlined />}
            onClick={() => bringBack(entry)}
            data-testid={`restore-${entry.standard.code}`}
          >
            {t(entry.pending ? 'stations.checklist.undo' : 'stations.checklist.restore')}
          </Button>
        )}
      />
    </Space>
  );
}
