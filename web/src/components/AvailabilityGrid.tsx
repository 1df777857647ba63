import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';

const SLOTS = ['morning', 'afternoon', 'evening'] as const;

/** Weekly availability as 7 days × 3 slots, the 21-bit mask the API keeps (Monday morning is bit 0). */
export function AvailabilityGrid({
  value = 0,
  onChange,
  disabled,
}: {
  value?: number;
  onChange?: (mask: number) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const days = t('vol.days', { returnObjects: true }) as string[];
  const toggle = (bit: number) => onChange?.(value ^ (1 << bit));
  return (
    <table className="vn-availability" data-testid="availability-grid">
      <thead>
        <tr>
          <th />
          {days.map((d) => (
            <th key={d}>{d}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {SLOTS.map((slot, s) => (
          <tr key={slot}>
            <th>{t(`vol.slots.${slot}`)}</th>
            {days.map((d, day) => {
              const bit = day * 3 + s;
              return (
                <td key={d}>
                  <Checkbox
                    checked={(value & (1 << bit)) !== 0}
                    disabled={disabled}
                    onChange={() => toggle(bit)}
                    aria-label={`${d} ${t(`vol.slots.${slot}`)}`}
                  />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
