import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { Schemas } from '../../api/types.ts';
import { useMe } from '../../auth/session.ts';
import { useFieldErrors } from '../../components/form-errors.ts';
import { RemoteSelect } from '../../components/RemoteSelect.tsx';
import type { AwardRound } from './awards-api.ts';

const OFFICE_ROLES = ['city_admin', 'district_admin', 'street_admin', 'community_admin'];
type As = 'organization' | 'office';
type Values = { subjectId: string; reason: string };

/** Whom the signed-in account may nominate as in this round: its organization, its office, or both. */
export function useNominators(round: AwardRound) {
  const me = useMe();
  const orgId = me.data?.grants.find((g) => g.role === 'org_admin' && g.organizationId)?.organizationId ?? undefined;
  const office = !!me.data?.grants.some((g) => OFFICE_ROLES.includes(g.role) && !!g.areaCode);
  const as: As[] = [];
  if (orgId && round.nominators.includes('organizations')) as.push('organization');
  if (office && round.nominators.includes('offices')) as.push('office');
  return { orgId, as };
}

/**
 * Nominating in an open round. An office picks anyone of its area (volunteer, organization or
 * project, by the round's kind) from a searchable list the server scopes; an organization its active
 * members, its projects or itself. The server answers eligibility at once and names the rule
 * (hours short, or — to an office that may read sanctions — the bar), shown above the button.
 */
export function NominateForm({ round, onDone }: { round: AwardRound; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { orgId, as: allowed } = useNominators(round);
  const [chosen, setChosen] = useState<As | null>(null);
  const as = chosen && allowed.includes(chosen) ? chosen : allowed[0];
  const [form] = Form.useForm<Values>();
  const fieldErrors = useFieldErrors(form, ['subjectId', 'reason']);
  const [refusal, setRefusal] = useState<string | null>(null);
  const type = round.kind === 'organization' ? 'organization' : round.kind === 'project' ? 'project' : 'volunteer';
  const members = useQuery({
    queryKey: ['org-members', orgId],
    queryFn: () => api<Schemas['OrganizationMember'][]>(`/api/organizations/${orgId}/members`),
    enabled: as === 'organization' && type === 'volunteer',
  });
  const own = useQuery({
    queryKey: ['organization', orgId],
    queryFn: () => api<{ id: string; name: string }>(`/api/organizations/${orgId}`),
    enabled: as === 'organization' && type === 'organization',
  });
  const nominate = useMutation({
    mutationFn: (v: Values) =>
      api(`/api/awards/rounds/${round.id}/nominations`, {
        method: 'POST',
        json: { ...v, organizationId: as === 'organization' ? orgId : undefined },
      }),
    onMutate: () => {
      setRefusal(null);
      fieldErrors.clear();
    },
    onSuccess: () => {
      form.resetFields();
      onDone();
      void message.success(t('awards.nominated'));
    },
    // A refusal of the nominee (hours, bar, already nominated) is the rule the server names; kept on screen.
    onError: (error) => {
      if (error instanceof ApiError && error.issues.length > 0) fieldErrors.show(error);
      else setRefusal(error.message);
    },
  });
  if (!as) return null;
  const picker =
    as === 'office' ? (
      <RemoteSelect
        url={type === 'volunteer' ? '/api/volunteers' : type === 'organization' ? '/api/organizations' : '/api/projects'}
        placeholder={t(`awards.pick.${type}`)}
        label={(item) => (type === 'volunteer' ? `${item.name}（${item.volunteerNo}）` : String(item.title ?? item.name))}
        testId="nominee-select"
      />
    ) : type === 'project' ? (
      <RemoteSelect
        url="/api/projects"
        placeholder={t('awards.pick.project')}
        label={(item) => String(item.title)}
        testId="nominee-select"
      />
    ) : (
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t(`awards.pick.${type}`)}
        loading={members.isFetching || own.isFetching}
        options={
          type === 'organization'
            ? own.data
              ? [{ value: own.data.id, label: own.data.name }]
              : []
            : (members.data ?? [])
                .filter((m) => m.status === 'active')
                .map((m) => ({ value: m.volunteerId, label: `${m.name}（${m.volunteerNo}）` }))
        }
        data-testid="nominee-select"
      />
    );
  return (
    <Form form={form} layout="vertical" onFinish={(v) => nominate.mutate(v)} data-testid="nominate-form">
      {allowed.length > 1 && (
        <Form.Item label={t('awards.nominateAs')}>
          <Radio.Group
            optionType="button"
            value={as}
            onChange={(e) => {
              setChosen(e.target.value);
              form.resetFields(['subjectId']);
            }}
            options={allowed.map((a) => ({ value: a, label: t(`awards.nominateAsOptions.${a}`) }))}
          />
        </Form.Item>
      )}
      <Form.Item name="subjectId" label={t('awards.subject')} rules={[{ required: true }]}>
        {picker}
      </Form.Item>
      <Form.Item name="reason" label={t('awards.reason')} rules={[{ required: true, min: 10 }]}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="nominate-reason" />
      </Form.Item>
      {refusal && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setRefusal(null)}
          title={refusal}
          style={{ marginBottom: 16 }}
          data-testid="nominate-refused"
        />
      )}
      <Button type="primary" htmlType="submit" loading={nominate.isPending} data-testid="nominate">
        {t('awards.nominate')}
      </Button>
    </Form>
  );
}
