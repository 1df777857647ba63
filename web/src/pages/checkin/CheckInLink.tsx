import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import './checkin.css';

/** The volunteer's way to 签到签退 from their own pages: large, since it is used standing at the activity with a phone. */
export function CheckInLink() {
  const { t } = useTranslation();
  return (
    <div className="vn-checkin-link">
      <Link to="/check-in" data-testid="open-check-in">
        <Button type="primary" size="large" block icon={<QrcodeOutlined />} tabIndex={-1}>
          {t('checkin.open')}
        </Button>
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('checkin.openHelp')}
      </Typography.Text>
    </div>
  );
}
