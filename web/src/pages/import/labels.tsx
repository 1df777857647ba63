import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ImportPreset, type ImportStatus, type RowOutcome, usePresets } from './import-api.ts';

const STATUS_COLOR: Record<ImportStatus, string> = {
  previewing: 'processing',
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
  return (field: string) => {
    const key = `imports.fields.${field.replace(/^languages\..*/, 'languages')}`;
    return i18n.exists(key) && typeof t(key) === 'string' ? t(key) : field;
  };
}

/** i18n groups of the coded values a conflict may show (the server's report uses the same). */
const VALUE_GROUPS: Record<string, string> = {
  sex: 'vol.sexes',
  politicalStatus: 'vol.political',
  cadre: 'vol.cadreValues',
  education: 'vol.educations',
  schoolType: 'vol.schoolTypes',
  languages: 'vol.languageLevels',
};

/** A conflicting value as people know it: the word for a code, the value itself otherwise. */
export function useValueLabel() {
  const { t, i18n } = useTranslation();
  return (field: string, value: string) => {
    const group = VALUE_GROUPS[field.replace(/^languages\..*/, 'languages')];
    return group && i18n.exists(`${group}.${value}`) ? t(`${group}.${value}`) : value;
  };
}
