import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const load = (env: Record<string, string>) =>
  loadConfig({ VOLUNET_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'volunet-config-')), ...env });

describe('map tiles for the KPI map', () => {
  it('are off unless a template is given, and keep the credit its licence asks for', () => {
    expect(load({}).mapTiles).toBeUndefined();
    expect(
      load({ VOLUNET_MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', VOLUNET_MAP_TILE_ATTRIBUTION: '© 某市测绘院' }).mapTiles,
    ).toEqual({ url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© 某市测绘院' });
    expect(load({ VOLUNET_MAP_TILE_URL: '/tiles/{z}/{x}/{y}.png' }).mapTiles).toEqual({ url: '/tiles/{z}/{x}/{y}.png', attribution: '' });
  });

  it('refuse a template that does not name {z}, {x} and {y} or is not a web address', () => {
    for (const url of ['https://tiles.example.org/{z}/{x}.png', 'ftp://tiles.example.org/{z}/{x}/{y}.png', 'tiles/{z}/{x}/{y}.png'])
      expect(() => load({ VOLUNET_MAP_TILE_URL: url })).toThrow(/VOLUNET_MAP_TILE_URL/);
  });
});
