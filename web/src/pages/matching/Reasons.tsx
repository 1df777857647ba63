import { Space, Tag } from 'antd';
import type { MatchReason } from './matching-api.ts';

/** Why a suggestion is where it is: the server's reasons, in the reader's language. */
const COLOR: Record<string, string> = {
  available: 'green',
  speaks: 'green',
  rested: 'green',
  skills: 'blue',
  rating: 'gold',
  notUsuallyAvailable: 'default',
  noLanguage: 'default',
  recentlyAssigned: 'orange',
};

export function Reasons({ reasons }: { reasons: MatchReason[] }) {
  return (
    <Space wrap size={[4, 4]} data-testid="match-reasons">
      {reasons.map((r) => (
        <Tag key={r.code} color={COLOR[r.code]} style={{ marginInlineEnd: 0 }}>
          {r.text}
        </Tag>
      ))}
    </Space>
  );
}
