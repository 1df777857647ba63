import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ImportPreset, type ImportStatus, type RowOutcome, usePresets } from './import-api.ts';

const STATUS_COLOR: Record<ImportStatus, string> = {
  previewed: 'blue',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="import-status">
      {t(`imports.statuses.${status}`)}
    </Tag>
  );
}

const OUTCOME_COLOR: Record<RowOutcome, string> = {
  created: 'green',
  merged: 'blue',
  unchanged: 'default',
  rejected: 'red',
  candidate: 'gold',
};

export function OutcomeTag({ outcome }: { outcome: RowOutcome }) {
  const { t } = useTranslation();
  return <Tag color={OUTCOME_COLOR[outcome]}>{t(`imports.outcomes.${outcome}`)}</Tag>;
}

export const presetName = (preset: ImportPreset, language: string) => (language === 'en-US' ? preset.nameEn : preset.nameZh);

/** A source code ("zyh") as its platform's name in the UI's language; unknown codes as they are. */
export function useSourceName() {
  const { i18n } = useTranslation();
  const presets = usePresets().data ?? [];
  return (source: string) => {
    const preset = presets.find((p) => p.source === source);
    return preset ? presetName(preset, i18n.language) : source;
  };
}

/** An import field ("docNumber") or header problem ("header") in the UI's language. */
export function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (field: string) => (i18n.exists(`imports.fields.${field}`) ? t(`imports.fields.${field}`) : field);
}
