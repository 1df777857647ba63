import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { remaskRequestPlaces } from '../modules/requests/index.ts';

/** `volunet requests …`: repairs of stored service requests that need the platform's keys. */

const out = (line = '') => process.stdout.write(`${line}\n`);

export async function requestsRemaskPlaces(d: Database, config: Config) {
  const r = await remaskRequestPlaces(
    d.db,
    config,
    { actor: null, requestId: `cli-${Date.now()}` },
    { onProgress: (o) => process.stderr.write(`\r  ${o.checked} requests checked, ${o.fixed} corrected`) },
  );
  process.stderr.write('\n');
  out(
    r.fixed === 0
      ? `服务地点均已按规则脱敏 every masked place already follows the rule (${r.checked} requests checked)`
      : `已重新脱敏 ${r.fixed} 条服务需求的地点（${r.shifts} 个班次）` +
          ` re-masked the place of ${r.fixed} of ${r.checked} requests (and ${r.shifts} of their shifts)`,
  );
}
