import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { Me, OrganizationPage, Schemas } from '../../api/types.ts';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { IDENTITY_FIELD_NAMES, IdentityFields, type IdentityValues, identityBody, useIdentity } from '../register/IdentityFields.tsx';

interface Values extends IdentityValues {
  organizationId?: string;
  consent?: boolean;
}

const FIELDS = [...IDENTITY_FIELD_NAMES, ['organizationId'], ['consent']];

/** An organization (or an office) registers a person at a recruitment desk, with the person's consent. */
export function RegisterOnBehalfModal({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const identity = useIdentity(form);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const organizations = me.grants.flatMap((g) => (g.role === 'org_admin' && g.organizationId ? [g.organizationId] : []));
  const managed = useQuery({
    queryKey: ['organizations', 'manage', 'names'],
    queryFn: () => api<OrganizationPage>('/api/organizations?pageSize=200&status=active'),
    enabled: organizations.length > 0,
  });
  const nameOf = (id: string) => managed.data?.items.find((o) => o.id === id)?.name ?? id;
  const register = useMutation({
    mutationFn: (v: Values) =>
      api<Schemas['CreatedVolunteer']>('/api/volunteers', {
        method: 'POST',
        json: { ...identityBody(v, identity), organizationId: v.organizationId, consent: !!v.consent },
      }),
    onMutate: () => setUnplaced([]),
    onError: (error) => setUnplaced(applyFieldErrors(form, error, FIELDS)),
    onSuccess: (created) => {
      void message.success(t('register.done', { volunteerNo: created.volunteerNo }));
      void client.invalidateQueries({ queryKey: ['volunteers'] });
      onClose();
      navigate(`/volunteers/${created.id}`);
    },
  });
  return (
    <Modal
      open
      width={640}
      title={t('volunteers.registerOnBehalf')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={register.isPending}
      okButtonProps={{ id: 'on-behalf-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ docType: 'resident_id', organizationId: organizations[0] }}
        onFinish={(v) => register.mutate(v)}
      >
        {organizations.length > 0 && (
          <Form.Item name="organizationId" label={t('volunteers.organization')}>
            <Select options={organizations.map((id) => ({ value: id, label: nameOf(id) }))} />
          </Form.Item>
        )}
        <IdentityFields form={form} identity={identity} />
        <Form.Item name="consent" valuePropName="checked">
          <Checkbox data-testid="on-behalf-consent">{t('volunteers.personConsented')}</Checkbox>
        </Form.Item>
        {unplaced.length > 0 && <Alert type="error" showIcon title={unplaced.join('；')} />}
      </Form>
    </Modal>
  );
}
