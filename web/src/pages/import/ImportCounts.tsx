import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportCounts as Counts } from './import-api.ts';

const COLOR: Partial<Record<keyof Counts, string>> = { created: '#389e0d', rejected: '#cf1322', candidates: '#d48806' };

/** The rows of a file by what became (or would become) of them, as a row of figures. */
export function ImportCounts({ rows, counts }: { rows: number | null; counts: Counts }) {
  const { t } = useTranslation();
  const figures: [string, number | null, string | undefined][] = [
    ['rows', rows, undefined],
    ...(['created', 'merged', 'unchanged', 'rejected', 'candidates'] as const).map(
      (k) => [k, counts[k], COLOR[k]] as [string, number, string | undefined],
    ),
  ];
  return (
    <Row gutter={[12, 12]} data-testid="import-counts">
      {figures.map(([key, value, color]) => (
        <Col key={key} xs={12} sm={8} lg={4} style={{ display: 'flex' }}>
          {/* Equal heights, figures on one line, whatever a title's wrapping in a narrow card. */}
          <Card size="small" style={{ width: '100%' }} styles={{ body: { height: '100%' } }} data-testid={`count-${key}`}>
            <Statistic
              title={t(`imports.counts.${key}`)}
              value={value ?? '—'}
              styles={{
                root: { height: '100%', display: 'flex', flexDirection: 'column' },
                content: { marginTop: 'auto', color: value ? color : undefined },
              }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
