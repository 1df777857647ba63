import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VolunteerDetail } from '../../api/types.ts';
import { AreaName } from '../../components/AreaName.tsx';
import { AvailabilityGrid } from '../../components/AvailabilityGrid.tsx';
import { useSkills } from '../../components/catalog.ts';

/** A volunteer's record as its reader may see it: masked numbers, and nothing of a protected child. */
export function VolunteerFacts({ v }: { v: VolunteerDetail }) {
  const { t } = useTranslation();
  const skills = useSkills();
  const dash = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? '—' : x);
  return (
    <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="volunteer-facts">
      <Descriptions.Item label={t('vol.volunteerNo')}>
        <code data-testid="volunteer-no">{v.volunteerNo}</code>
      </Descriptions.Item>
      <Descriptions.Item label={t('vol.name')}>{v.name}</Descriptions.Item>
      <Descriptions.Item label={t('vol.status')}>{t(`vol.statuses.${v.status}`)}</Descriptions.Item>
      <Descriptions.Item label={t('vol.area')}>
        <AreaName code={v.areaCode} />
      </Descriptions.Item>
      {!v.restricted && (
        <>
          <Descriptions.Item label={t('vol.sex')}>{v.sex ? t(`vol.sexes.${v.sex}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('vol.birthDate')}>
            {dash(v.birthDate)} {v.age !== null && `(${v.age})`}
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.docType')}>{v.docType ? t(`vol.docTypes.${v.docType}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('vol.docNumber')}>
            <span data-testid="doc-masked">{dash(v.docMasked)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.phone')}>
            <span data-testid="phone-masked">{dash(v.phoneMasked)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.politicalStatus')}>
            {v.politicalStatus ? t(`vol.political.${v.politicalStatus}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.cadre')}>{t(v.cadre ? 'vol.cadreYes' : 'vol.cadreNo')}</Descriptions.Item>
          <Descriptions.Item label={t('vol.education')}>{v.education ? t(`vol.educations.${v.education}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('vol.occupation')}>{dash(v.occupation)}</Descriptions.Item>
          {v.schoolName && (
            <Descriptions.Item label={t('vol.schoolName')}>
              {v.schoolName} {v.schoolType && `(${t(`vol.schoolTypes.${v.schoolType}`)})`}
            </Descriptions.Item>
          )}
          {v.guardianName && (
            <Descriptions.Item label={t('vol.guardian')}>
              {v.guardianName} {v.guardianPhoneMasked}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('vol.skills')} span={3}>
            {v.skills.length
              ? v.skills.map((s) => (
                  <Tag key={s.code} color="red">
                    {skills.label(s.code)}
                    {s.certificateNo ? ` · ${s.certificateNo}` : ''}
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.languages')} span={3}>
            {v.languages.length
              ? v.languages.map((l) => (
                  <Tag key={l.code}>
                    {t(`vol.languageNames.${l.code}`, { defaultValue: l.code })} · {t(`vol.languageLevels.${l.level}`)}
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.availability')} span={3}>
            <AvailabilityGrid value={v.availability} disabled />
          </Descriptions.Item>
          <Descriptions.Item label={t('vol.organizations')} span={3}>
            {v.organizations.length
              ? v.organizations.map((o) => (
                  <Tag key={o.organizationId}>
                    {o.organizationName} · {t(`orgs.memberStatuses.${o.status}`)}
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          {v.sources.length > 0 && (
            <Descriptions.Item label={t('vol.sources')} span={3}>
              {v.sources.map((s) => (
                <Tag key={`${s.source}-${s.externalId}`}>{s.source}</Tag>
              ))}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('vol.registeredVia')}>{t(`vol.vias.${v.registeredVia}`)}</Descriptions.Item>
        </>
      )}
    </Descriptions>
  );
}
