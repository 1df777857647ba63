import { Card, Empty, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.ts';
import { can, useMe } from '../../auth/session.ts';
import { areaLabel } from '../../components/AreaName.tsx';
import { EChart } from './EChart.tsx';
import { WalkSettingsButton } from './KpiInputs.tsx';
import { type KpiMap, useKpi } from './kpi-api.ts';

const KM_PER_DEG = 111.32;
const HEIGHT = 460;
const GRID = { left: 56, right: 16, top: 36, bottom: 32 };

type Box = { minLng: number; maxLng: number; minLat: number; maxLat: number };

/**
 * Widens the smaller side of the box so a kilometre is as long across as it is up, in a chart
 * `width` pixels wide: the walking circles then look round and distances can be read off by eye.
 */
function evenBox(b: Box, width: number): Box {
  const cos = Math.cos((((b.minLat + b.maxLat) / 2) * Math.PI) / 180);
  const w = Math.max(width - GRID.left - GRID.right, 100);
  const h = HEIGHT - GRID.top - GRID.bottom;
  const kmX = Math.max((b.maxLng - b.minLng) * cos * KM_PER_DEG, 0.5);
  const kmY = Math.max((b.maxLat - b.minLat) * KM_PER_DEG, 0.5);
  const perPx = Math.max(kmX / w, kmY / h);
  const halfLng = (perPx * w) / 2 / (cos * KM_PER_DEG);
  const halfLat = (perPx * h) / 2 / KM_PER_DEG;
  const cLng = (b.minLng + b.maxLng) / 2;
  const cLat = (b.minLat + b.maxLat) / 2;
  return { minLng: cLng - halfLng, maxLng: cLng + halfLng, minLat: cLat - halfLat, maxLat: cLat + halfLat };
}

/** Web Mercator tile numbers (the XYZ scheme of OpenStreetMap and most tile servers) and back. */
const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};
const tileLng = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const tileLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/**
 * The tiles that cover the box at the zoom whose tiles are drawn about 256 pixels wide, each as
 * its north-west corner (for the axes) and its x, y, z (for the address).
 */
function tilesFor(b: Box, width: number): number[][] {
  const perDegree = Math.max(width - GRID.left - GRID.right, 100) / (b.maxLng - b.minLng);
  const z = Math.min(18, Math.max(1, Math.round(Math.log2((360 * perDegree) / 256))));
  const tiles: number[][] = [];
  for (let x = tileX(b.minLng, z); x <= tileX(b.maxLng, z); x++)
    for (let y = tileY(b.maxLat, z); y <= tileY(b.minLat, z); y++) tiles.push([tileLng(x, z), tileLat(y, z), x, y, z]);
  return tiles;
}

const tileUrl = (template: string, [, , x, y, z]: number[]) =>
  template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

/** The circle a station's 20-minute walk reaches, as points in degrees. */
function circle(lng: number, lat: number, km: number): number[][] {
  const dLat = km / KM_PER_DEG;
  const dLng = km / (KM_PER_DEG * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: 48 }, (_, i) => {
    const a = (i / 48) * 2 * Math.PI;
    return [lng + dLng * Math.cos(a), lat + dLat * Math.sin(a)];
  });
}

/**
 * Stations and communities drawn from their coordinates on plain longitude/latitude axes, over the
 * city's map tiles when it has configured a tile server (none are needed): each open station with the circle its 20-minute walk reaches, each community green when
 * a station is within that walk of its centre and red when not.
 */
/**
 * The city's map tiles under everything else: each tile drawn between its corners, so its
 * Mercator rows line up with the plain latitude axis at every corner (within a pixel at a city's scale).
 */
function tileLayer(template: string, tiles: number[][]) {
  type Api = { value: (i: number) => number; coord: (p: number[]) => number[] };
  return {
    type: 'custom',
    silent: true,
    clip: true,
    z: 0,
    data: tiles,
    renderItem: (_: unknown, api: Api) => {
      const [x, y, z] = [api.value(2), api.value(3), api.value(4)];
      const nw = api.coord([tileLng(x, z), tileLat(y, z)]);
      const se = api.coord([tileLng(x + 1, z), tileLat(y + 1, z)]);
      return {
        type: 'image',
        style: { image: tileUrl(template, [0, 0, x, y, z]), x: nw[0], y: nw[1], width: se[0] - nw[0], height: se[1] - nw[1] },
      };
    },
  };
}

export function CoverageMap({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data as Me;
  const map = useKpi<KpiMap>(`/areas/${code}/map`, {});
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    if (!box.current) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(box.current);
    return () => observer.disconnect();
  }, []);

  const data = map.data;
  const located = useMemo(
    () => (data?.communities ?? []).filter((c): c is typeof c & { lat: number; lng: number } => c.lat !== null && c.lng !== null),
    [data],
  );
  const option = useMemo(() => {
    if (!data) return undefined;
    const points = [...located.map((c) => [c.lng, c.lat]), ...data.stations.map((s) => [s.lng, s.lat])];
    if (points.length === 0) return undefined;
    const pad = data.radiusKm / KM_PER_DEG;
    const b = evenBox(
      {
        minLng: Math.min(...points.map((p) => p[0])) - pad,
        maxLng: Math.max(...points.map((p) => p[0])) + pad,
        minLat: Math.min(...points.map((p) => p[1])) - pad,
        maxLat: Math.max(...points.map((p) => p[1])) + pad,
      },
      width,
    );
    const community = (covered: boolean) => ({
      type: 'scatter',
      name: t(covered ? 'kpiPage.map.covered' : 'kpiPage.map.uncovered'),
      symbolSize: 9,
      itemStyle: { color: covered ? '#389e0d' : '#cf1322', borderColor: '#fff', borderWidth: 1 },
      data: located
        .filter((c) => c.covered === covered)
        .map((c) => ({ value: [c.lng, c.lat], name: areaLabel(c, i18n.language), population: c.population })),
      z: 4,
    });
    const fmt = (v: number) => v.toFixed(2);
    return {
      grid: GRID,
      legend: { top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; name: string; data: { population?: number } }) =>
          p.data.population === undefined
            ? `${p.seriesName}<br/>${p.name}`
            : `${p.name}<br/>${p.seriesName}<br/>${t('kpiPage.map.population', { count: p.data.population })}`,
      },
      xAxis: {
        type: 'value',
        min: b.minLng,
        max: b.maxLng,
        axisLabel: { formatter: fmt, showMinLabel: false, showMaxLabel: false },
        splitLine: { lineStyle: { color: '#f0f0f0' } },
      },
      yAxis: {
        type: 'value',
        min: b.minLat,
        max: b.maxLat,
        axisLabel: { formatter: fmt, showMinLabel: false, showMaxLabel: false },
        splitLine: { lineStyle: { color: '#f0f0f0' } },
      },
      series: [
        ...(data.tiles ? [tileLayer(data.tiles.url, tilesFor(b, width))] : []),
        {
          type: 'custom',
          name: t('kpiPage.map.station'),
          silent: true,
          // The legend's colour for 服务站点, whatever series come before (the tiles take a palette colour).
          itemStyle: { color: '#1677ff' },
          data: data.stations.map((s) => [s.lng, s.lat]),
          renderItem: (_: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => ({
            type: 'polygon',
            shape: { points: circle(api.value(0), api.value(1), data.radiusKm).map((p) => api.coord(p)) },
            style: { fill: 'rgba(22,119,255,0.08)', stroke: 'rgba(22,119,255,0.5)', lineWidth: 1 },
          }),
          z: 1,
        },
        community(true),
        community(false),
        {
          type: 'scatter',
          name: t('kpiPage.map.station'),
          symbol: 'diamond',
          symbolSize: 10,
          itemStyle: { color: '#1677ff' },
          // Stations beyond the area's lines that serve its communities are drawn paler.
          data: data.stations.map((s) => ({ value: [s.lng, s.lat], name: s.name, itemStyle: s.inArea ? undefined : { opacity: 0.45 } })),
          z: 3,
        },
      ],
    };
  }, [data, located, width, t, i18n.language]);

  const covered = data?.communities.filter((c) => c.covered).length ?? 0;
  const missing = (data?.communities.length ?? 0) - located.length;
  return (
    <Card title={t('kpiPage.map.title')} extra={can(me, 'settings.manage') && <WalkSettingsButton />} data-testid="kpi-map">
      <div ref={box}>
        {data && (
          <Space orientation="vertical" size={0} style={{ marginBottom: 8 }}>
            <Typography.Text data-testid="kpi-map-summary">
              {t('kpiPage.map.summary', { covered, total: data.communities.length })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('kpiPage.map.radius', { km: data.radiusKm.toFixed(2) })}
              {missing > 0 && ` · ${t('kpiPage.map.noLocation', { count: missing })}`}
            </Typography.Text>
          </Space>
        )}
        {data && !option && <Empty description={t('kpiPage.map.empty')} />}
        {option && <EChart option={option} style={{ height: HEIGHT }} testId="kpi-map-chart" />}
        {option && data?.tiles?.attribution && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="kpi-map-attribution">
            {t('kpiPage.map.tiles', { attribution: data.tiles.attribution })}
          </Typography.Text>
        )}
      </div>
    </Card>
  );
}
