import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementFacts } from './statements-api.ts';

type Award = { title: string; grantedOn: string };

/** What a verified statement states, by its kind (the name masked by the server). */
export function StatementFactsView({ facts: f }: { facts: StatementFacts }) {
  const { t } = useTranslation();
  const hours = (n: number) => t('hours.hoursValue', { hours: n });
  const lines = (items: string[]) => (items.length ? items.map((l) => <div key={l}>{l}</div>) : t('verifyStatement.none'));
  const awards = (list: Award[]) => lines(list.map((a) => t('verifyStatement.awardLine', a)));
  const stars = (n: number) => (n > 0 ? t('verifyStatement.starsValue', { n }) : t('verifyStatement.noStars'));
  const Item = Descriptions.Item;
  return (
    <Descriptions bordered size="small" column={1} data-testid="verify-statement">
      <Item label={t('verifyStatement.kind')}>{t(`verifyStatement.kindValue.${f.kind}`)}</Item>
      <Item label={t('verify.name')}>{f.name}</Item>
      <Item label={t('verify.volunteerNo')}>{f.volunteerNo}</Item>
      {f.docMasked && <Item label={t('verify.doc')}>{f.docMasked}</Item>}
      {f.kind === 'schoolPractice' && (
        <>
          <Item label={t('verifyStatement.school')}>{f.school}</Item>
          <Item label={t('verifyStatement.term')}>
            {f.term.from} ~ {f.term.to}
          </Item>
          <Item label={t('verifyStatement.activities')}>{lines(f.activities.map((a) => t('verifyStatement.activityLine', a)))}</Item>
          <Item label={t('verifyStatement.totalHours')}>{hours(f.totalHours)}</Item>
        </>
      )}
      {f.kind === 'employerReference' && (
        <>
          <Item label={t('verifyStatement.totalHours')}>{hours(f.totalHours)}</Item>
          <Item label={t('verifyStatement.stars')}>{stars(f.stars)}</Item>
          <Item label={t('verifyStatement.firstServedOn')}>{f.firstServedOn ?? '—'}</Item>
          <Item label={t('verifyStatement.yearsActive')}>{t('verifyStatement.yearsActiveValue', { n: f.yearsActive })}</Item>
          <Item label={t('verifyStatement.organizations')}>{lines(f.organizations.map((o) => t('verifyStatement.hoursLine', o)))}</Item>
          <Item label={t('verifyStatement.categories')}>{lines(f.categories.map((c) => t('verifyStatement.hoursLine', c)))}</Item>
          <Item label={t('verifyStatement.awards')}>{awards(f.awards)}</Item>
        </>
      )}
      {f.kind === 'residencePoints' && (
        <>
          <Item label={t('verifyStatement.years')}>{lines(f.years.map((y) => t('verifyStatement.yearLine', y)))}</Item>
          <Item label={t('verifyStatement.totalHours')}>{hours(f.totalHours)}</Item>
          <Item label={t('verifyStatement.stars')}>{stars(f.stars)}</Item>
          <Item label={t('verifyStatement.awards')}>{awards(f.awards)}</Item>
        </>
      )}
      <Item label={t('verifyStatement.issuedBy')}>
        {t(`verifyStatement.issuedByValue.${f.issuedBy}`, { office: f.issuingOffice ?? '' })}
      </Item>
      <Item label={t('verify.issuedOn')}>{f.issuedOn}</Item>
    </Descriptions>
  );
}
