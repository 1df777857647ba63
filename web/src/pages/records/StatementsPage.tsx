import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StatementsCard } from './StatementsCard.tsx';

/** 我的证明: the volunteer's signed statements for a school, an employer or household registration. */
export function StatementsPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('statements.title')}
      </Typography.Title>
      <StatementsCard />
    </Space>
  );
}
