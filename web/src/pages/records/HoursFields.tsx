import { DatePicker, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

/** What the organizer enters to record or complete hours (补录). */
export interface HoursValues {
  checkInAt?: Dayjs | null;
  checkOutAt?: Dayjs | null;
  addedHours?: number | null;
  reason?: string;
}

/** The fields the server may name in its refusal (see applyFieldErrors). */
export const HOURS_FIELDS = [['checkInAt'], ['checkOutAt'], ['addedHours'], ['reason']];

/** The request body: only what was entered, times as instants. */
export function hoursBody(v: HoursValues) {
  return {
    ...(v.checkInAt ? { checkInAt: v.checkInAt.toISOString() } : {}),
    ...(v.checkOutAt ? { checkOutAt: v.checkOutAt.toISOString() } : {}),
    ...(v.addedHours != null ? { addedHours: v.addedHours } : {}),
    ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
  };
}

/**
 * Check-in and check-out give credit hours (clipped to the activity by the server); added hours
 * are kept apart and need a reason, and never exceed the activity's length (MCA 2020 measures,
 * Art 10–11). The server is the judge: its refusal lands on the field it names.
 */
export function HoursFields({ activityHours, needCheckIn }: { activityHours?: number | null; needCheckIn?: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<HoursValues>();
  const added = Form.useWatch('addedHours', form);
  return (
    <>
      <Form.Item name="checkInAt" label={t('orgRecords.checkInAt')} rules={needCheckIn ? [{ required: true }] : []}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} data-testid="check-in-at" />
      </Form.Item>
      <Form.Item name="checkOutAt" label={t('orgRecords.checkOutAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} data-testid="check-out-at" />
      </Form.Item>
      <Form.Item
        name="addedHours"
        label={t('orgRecords.addedHours')}
        extra={activityHours != null ? t('orgRecords.addedHoursHelp', { hours: activityHours }) : undefined}
      >
        {/* No max here on purpose: the server's rule (and its message) decides, on this field. */}
        <InputNumber min={0} step={0.5} style={{ width: 160 }} suffix={t('orgRecords.h')} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('orgRecords.addedReason')}
        rules={[{ required: !!added && added > 0, whitespace: true, message: t('orgRecords.reasonRequired') }, { max: 500 }]}
      >
        <Input.TextArea rows={2} maxLength={500} placeholder={t('orgRecords.addedReasonPlaceholder')} />
      </Form.Item>
    </>
  );
}
