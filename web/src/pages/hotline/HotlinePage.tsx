import { PhoneOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, type InputRef, Row, Select, Space, Tabs, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { Beneficiary, HotlineCall, HotlineCallerMatch, HotlineCallStarted, HotlineOutcome, Me } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { BeneficiaryForm } from '../beneficiaries/BeneficiaryForm.tsx';
import { CallerCard } from './CallerCard.tsx';
import { OUTCOMES, type SavedRequest } from './hotline-api.ts';
import { type LookupHandle, LookupPanel } from './LookupPanel.tsx';
import { RequestForm, type RequestFormHandle } from './RequestForm.tsx';

/**
 * The operator's console, keyboard first: focus starts in the caller's number; Enter answers and
 * shows who called (or a short form for a new person); Alt+N jumps to the request, Alt+E to
 * ending the call, Alt+V to the volunteer lookup.
 */
export function HotlinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data as Me;
  const seat = me.grants.find(
    (g) => g.areaCode && ['operator', 'community_admin', 'street_admin', 'district_admin', 'city_admin'].includes(g.role),
  )?.areaCode;
  const [tab, setTab] = useState('call');
  const [phone, setPhone] = useState('');
  const [started, setStarted] = useState<HotlineCallStarted | null>(null);
  const [people, setPeople] = useState<HotlineCallerMatch[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedRequest | null>(null);
  const [lookedUp, setLookedUp] = useState<HotlineOutcome | null>(null);
  const phoneRef = useRef<InputRef>(null);
  const requestRef = useRef<RequestFormHandle>(null);
  const lookupRef = useRef<LookupHandle>(null);
  const outcomeRef = useRef<{ focus(): void }>(null);
  const [endForm] = Form.useForm<{ outcome: HotlineOutcome; notes?: string }>();

  const start = useMutation({
    mutationFn: (callerPhone: string) => api<HotlineCallStarted>('/api/hotline/calls', { method: 'POST', json: { callerPhone } }),
    onSuccess: (data) => {
      setStarted(data);
      setPeople(data.beneficiaries);
      setPicked(data.beneficiaries.length === 1 ? data.beneficiaries[0].id : null);
      setSaved(null);
      setLookedUp(null);
      endForm.resetFields();
    },
  });
  const end = useMutation({
    mutationFn: (v: { outcome: HotlineOutcome; notes?: string }) =>
      api<HotlineCall>(`/api/hotline/calls/${started?.call.id}`, {
        method: 'PATCH',
        json: { ...v, beneficiaryId: picked ?? undefined, requestId: saved ? (saved.mergedInto?.id ?? saved.id) : undefined },
      }),
    onSuccess: () => {
      message.success(t('hotline.end.ended'));
      setStarted(null);
      setPeople([]);
      setPicked(null);
      setSaved(null);
      setPhone('');
      setTab('call');
    },
  });

  // Between calls the operator's hands go back to the number field (once it is enabled again).
  useEffect(() => {
    if (!started) phoneRef.current?.focus();
  }, [started]);

  // The outcome the operator most likely picks: what they did during the call.
  const suggested: HotlineOutcome = saved ? 'request_taken' : (lookedUp ?? 'information');
  useEffect(() => {
    if (started) endForm.setFieldValue('outcome', suggested);
  }, [started, suggested, endForm]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const focus = (fn: () => void) => {
        e.preventDefault();
        setTimeout(fn, 0);
      };
      if (e.code === 'KeyN' && picked) {
        setTab('call');
        focus(() => requestRef.current?.focus());
      } else if (e.code === 'KeyE' && started) {
        setTab('call');
        focus(() => outcomeRef.current?.focus());
      } else if (e.code === 'KeyV') {
        setTab('lookup');
        focus(() => lookupRef.current?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picked, started]);

  const added = (b: Beneficiary) => {
    setPeople([{ ...b, callerIs: 'self', history: [] }]);
    setPicked(b.id);
    setTimeout(() => requestRef.current?.focus(), 0);
  };

  const callPanel = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {start.isError && <Alert type="error" showIcon title={start.error.message} data-testid="call-error" />}
      {started && people.length === 0 && (
        <Card size="small" title={t('hotline.newPerson')} data-testid="new-person">
          <Typography.Paragraph type="secondary">{t('hotline.newPersonHint')}</Typography.Paragraph>
          <BeneficiaryForm short within={seat ?? undefined} initial={{ phone: phone.trim() }} onSaved={added} />
        </Card>
      )}
      {people.map((p) => (
        <CallerCard key={p.id} person={p} picked={picked === p.id} onPick={() => setPicked(p.id)} />
      ))}
      {started && picked && (
        <Card size="small" title={t('hotline.request.title')}>
          {saved ? (
            <Alert
              type={saved.guardWarnings.length ? 'warning' : 'success'}
              showIcon
              data-testid="request-saved"
              title={
                saved.mergedInto
                  ? t('hotline.request.merged', { no: saved.mergedInto.requestNo })
                  : t('hotline.request.saved', { no: saved.requestNo })
              }
              description={saved.guardWarnings.map((w) => t('hotline.request.warning', { ...w })).join('；') || undefined}
            />
          ) : (
            <RequestForm key={picked} ref={requestRef} beneficiaryId={picked} callId={started.call.id} onSaved={setSaved} />
          )}
        </Card>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('hotline.title')}
        </Typography.Title>
        <Link to="/hotline/calls" data-testid="calls-link">
          {t('hotline.calls.open')}
        </Link>
      </Space>
      <Alert type="info" title={t('hotline.shortcuts')} data-testid="shortcuts" />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <Space.Compact style={{ width: '100%' }}>
              <Input
                ref={phoneRef}
                autoFocus
                size="large"
                prefix={<PhoneOutlined />}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                onPressEnter={() => phone.trim() && start.mutate(phone.trim())}
                placeholder={t('hotline.callerPlaceholder')}
                aria-label={t('hotline.callerPhone')}
                disabled={!!started}
                data-testid="caller-phone"
              />
              <Button
                size="large"
                type="primary"
                disabled={!!started || !phone.trim()}
                loading={start.isPending}
                onClick={() => start.mutate(phone.trim())}
              >
                {t('hotline.start')}
              </Button>
            </Space.Compact>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          {started && (
            <Card size="small" title={t('hotline.end.title')} data-testid="end-call">
              <Form form={endForm} layout="vertical" onFinish={(v) => end.mutate(v)} initialValues={{ outcome: suggested }}>
                <Form.Item name="outcome" label={t('hotline.end.outcome')} rules={[{ required: true }]}>
                  <Select
                    ref={outcomeRef as never}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={OUTCOMES.map((o) => ({ value: o, label: t(`hotline.outcomes.${o}`) }))}
                    data-testid="end-outcome"
                  />
                </Form.Item>
                <Form.Item name="notes" label={t('hotline.end.notes')}>
                  <Input.TextArea rows={2} maxLength={1000} data-testid="end-notes" />
                </Form.Item>
                <Button htmlType="submit" danger loading={end.isPending} data-testid="end-submit">
                  {t('hotline.end.submit')}
                </Button>
              </Form>
            </Card>
          )}
        </Col>
      </Row>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'call', label: t('hotline.tabs.call'), children: callPanel },
          {
            key: 'lookup',
            label: t('hotline.tabs.lookup'),
            forceRender: true,
            children: <LookupPanel ref={lookupRef} onLooked={setLookedUp} />,
          },
        ]}
      />
    </Space>
  );
}
