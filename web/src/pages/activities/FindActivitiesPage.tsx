import { EnvironmentOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { chinaInstant } from '../../../../src/contract/index.ts';
import { api, query } from '../../api/client.ts';
import { useMe } from '../../auth/session.ts';
import { useSkills } from '../../components/catalog.ts';
import { useUrlParams } from '../../components/url-params.ts';
import { useProjectCategories } from '../projects/project-api.ts';
import { isVolunteer, type Opportunity } from './activity-api.ts';
import { useWhen } from './labels.tsx';

const PAGE_SIZE = 20;
const RADII = [1, 3, 5, 10, 20, 50];
type Near = 'home' | 'here';

/** The filters as the address holds them. */
function filtersOf(params: URLSearchParams) {
  return {
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    category: params.get('category') || undefined,
    skill: params.get('skill') || undefined,
    q: params.get('q') || undefined,
    near: (params.get('near') || undefined) as Near | undefined,
    radiusKm: Number(params.get('radius')) || undefined,
    eligible: params.get('eligible') === 'true',
  };
}

/** The filters live in the address, so going to an activity and back keeps them. */
function useFilters() {
  const [params, change] = useUrlParams();
  const filters = filtersOf(params);
  const update = (next: Partial<typeof filters>) =>
    change((current) => {
      const merged = { ...filtersOf(current), ...next };
      // Near somewhere, within 5 km unless a distance is chosen.
      if (merged.near && !merged.radiusKm) merged.radiusKm = 5;
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries({ ...merged, radius: merged.radiusKm, radiusKm: undefined })) {
        if (value !== undefined && value !== false && value !== '') search.set(key, String(value));
      }
      return search;
    });
  return { filters, update };
}

/** Where the phone is, asked for only when the volunteer picks "from where I am". */
function usePosition(wanted: boolean) {
  const [state, setState] = useState<{ coords?: { lat: number; lng: number }; error?: string }>({});
  useEffect(() => {
    if (!wanted) return;
    if (!navigator.geolocation) {
      setState({ error: 'geolocation' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => setState({ coords: { lat: p.coords.latitude, lng: p.coords.longitude } }),
      (e) => setState({ error: e.message }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }, [wanted]);
  return state;
}

function OpportunityCard({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  const when = useWhen();
  const categories = useProjectCategories();
  return (
    <Card size="small" hoverable data-testid="opportunity" style={{ height: '100%' }}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Link to={`/activities/${o.id}`} style={{ fontSize: 16, fontWeight: 600 }} data-testid="opportunity-title">
          {o.title}
        </Link>
        <Typography.Text type="secondary">
          {o.projectTitle} · {o.organizationName}
        </Typography.Text>
        <Typography.Text>
          <FieldTimeOutlined /> {when.span(o.startsAt, o.endsAt)}
        </Typography.Text>
        <Typography.Text>
          <EnvironmentOutlined /> {o.address}
          {o.distanceKm != null && (
            <Typography.Text type="secondary" data-testid="opportunity-distance">
              {' '}
              · {t('find.distanceKm', { km: o.distanceKm < 10 ? o.distanceKm.toFixed(1) : Math.round(o.distanceKm) })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Space wrap size={4}>
          <Tag>{categories.label(o.categoryCode)}</Tag>
          {o.free > 0 ? (
            <Tag color="green" data-testid="opportunity-free">
              {t('find.free', { count: o.free })}
            </Tag>
          ) : (
            <Tag color="orange" data-testid="opportunity-free">
              {t('find.full')}
            </Tag>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('find.deadline', { at: when.at(o.applyDeadline) })}
          </Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}

/** 找活动: upcoming activities by dates, category, skill, words and distance, or only those I may apply for. */
export function FindActivitiesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const volunteer = isVolunteer(me);
  const { filters, update } = useFilters();
  const categories = useProjectCategories();
  const skills = useSkills();
  const position = usePosition(filters.near === 'here');
  const located = filters.near !== 'here' || !!position.coords;
  const params = {
    from: filters.from ? chinaInstant(filters.from, '00:00').toISOString() : undefined,
    to: filters.to ? new Date(chinaInstant(filters.to, '00:00').getTime() + 86_400_000).toISOString() : undefined,
    category: filters.category,
    skill: filters.skill,
    q: filters.q,
    near: filters.near,
    lat: filters.near === 'here' ? position.coords?.lat : undefined,
    lng: filters.near === 'here' ? position.coords?.lng : undefined,
    radiusKm: filters.near ? filters.radiusKm : undefined,
    eligible: volunteer && filters.eligible ? 'true' : undefined,
  };
  const results = useInfiniteQuery({
    queryKey: ['opportunities', params],
    queryFn: ({ pageParam }) =>
      api<Opportunity[]>(`/api/enrollments/opportunities${query({ ...params, page: pageParam, pageSize: PAGE_SIZE })}`),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.length === PAGE_SIZE ? pages.length + 1 : undefined),
    placeholderData: keepPreviousData,
    enabled: located,
  });
  const items = results.data?.pages.flat() ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('find.title')}
      </Typography.Title>
      <Card size="small" data-testid="find-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12} lg={8}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
              onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
              data-testid="find-range"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('find.category')}
              value={filters.category}
              options={categories.options}
              onChange={(category) => update({ category })}
              data-testid="find-category"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('find.skill')}
              value={filters.skill}
              options={skills.options}
              onChange={(skill) => update({ skill })}
              data-testid="find-skill"
            />
          </Col>
          <Col xs={24} md={12} lg={8}>
            <Input.Search
              allowClear
              defaultValue={filters.q}
              placeholder={t('find.keyword')}
              onSearch={(value) => update({ q: value.trim() || undefined })}
              data-testid="find-keyword"
            />
          </Col>
          <Col xs={24} md={12} lg={10}>
            <Space.Compact style={{ width: '100%' }}>
              <Select<Near | 'any'>
                style={{ width: '55%' }}
                value={filters.near ?? 'any'}
                options={[
                  { value: 'any', label: t('find.anywhere') },
                  ...(volunteer ? [{ value: 'home' as const, label: t('find.nearHome') }] : []),
                  { value: 'here', label: t('find.nearHere') },
                ]}
                onChange={(near) => update(near === 'any' ? { near: undefined, radiusKm: undefined } : { near })}
                data-testid="find-near"
              />
              <Select
                style={{ width: '45%' }}
                disabled={!filters.near}
                value={filters.near ? filters.radiusKm : undefined}
                placeholder={t('find.distance')}
                options={RADII.map((km) => ({ value: km, label: t('find.radius', { km }) }))}
                onChange={(radiusKm) => update({ radiusKm })}
                data-testid="find-radius"
              />
            </Space.Compact>
          </Col>
          {volunteer && (
            <Col xs={24} md={12} lg={8} style={{ display: 'flex', alignItems: 'center' }}>
              <Space>
                <Switch checked={filters.eligible} onChange={(eligible) => update({ eligible })} data-testid="find-eligible" />
                <Typography.Text>{t('find.eligibleOnly')}</Typography.Text>
              </Space>
            </Col>
          )}
        </Row>
      </Card>
      {filters.near === 'here' && !position.coords && (
        <Alert
          type={position.error ? 'warning' : 'info'}
          showIcon
          title={position.error ? t('find.locationFailed', { reason: position.error }) : t('find.locating')}
        />
      )}
      {results.isError && <Alert type="error" showIcon title={results.error.message} />}
      {items.length === 0 && !results.isFetching ? (
        <Card>
          <Empty description={t('find.empty')} />
        </Card>
      ) : (
        <Row gutter={[12, 12]} data-testid="opportunities">
          {items.map((o) => (
            <Col key={o.id} xs={24} md={12} xl={8}>
              <OpportunityCard o={o} />
            </Col>
          ))}
        </Row>
      )}
      {results.hasNextPage && (
        <Button block loading={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()} data-testid="find-more">
          {t('find.more')}
        </Button>
      )}
    </Space>
  );
}
