import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { fileFromPath, importFile, writeReport } from '../modules/import/index.ts';
import { translate } from '../platform/i18n/messages.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** Lines in a CSV file, counted as bytes stream past: the progress bar's total (an upper bound). */
async function countLines(filePath: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

export async function runImportCommand(
  d: Database,
  filePath: string,
  opts: { source: string; dryRun?: boolean; force?: boolean; report?: string },
) {
  const config = loadConfig();
  const file = await fileFromPath(filePath, path.basename(filePath));
  const total = file.format === 'csv' ? await countLines(filePath) : 0;
  const bar = new cliProgress.SingleBar(
    {
      format: ' 导入 import |{bar}| {value}/{total} 行 rows · 新建 created {created} · 合并 merged {merged} · 拒绝 rejected {rejected}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  let stop = false;
  const onSigint = () => {
    stop = true;
    process.stderr.write('\n正在停止：等待当前批次提交 (stopping after the batch in flight)…\n');
  };
  process.on('SIGINT', onSigint);
  let started = false;
  try {
    const result = await importFile(
      d.db,
      config,
      file,
      { source: opts.source, dryRun: opts.dryRun, force: opts.force },
      {
        shouldStop: () => (stop ? 'stop' : false),
        onBatch: (rowsDone, counts) => {
          if (!started) bar.start(Math.max(total, rowsDone), 0, counts);
          started = true;
          bar.update(rowsDone, counts);
        },
      },
    );
    if (started) bar.stop();
    if (result.kind === 'preview') {
      const p = result.preview;
      out(`检查了 ${p.rows} 行，未写入任何数据 (checked ${p.rows} rows, wrote nothing): ${JSON.stringify(p.counts)}`);
      for (const r of p.issues.slice(0, 20)) {
        out(
          `  第 ${r.rowNo} 行 row ${r.rowNo}: ${r.issues.map((i) => `${i.field}: ${translate('zh-CN', i.messageKey, i.params)}`).join('; ')}`,
        );
      }
      return;
    }
    const job = result.job;
    if (result.kind === 'already') {
      out(
        `该文件已于 ${job.finishedAt?.toISOString()} 导入完成，无需再次导入 (already imported completely; nothing to do — use --force to run it again)`,
      );
    } else {
      if (result.resumedFrom) out(`从第 ${result.resumedFrom} 行之后继续 (resumed after row ${result.resumedFrom})`);
      out(
        `${result.kind === 'done' ? '导入完成 (done)' : `已停止于第 ${job.rowsDone} 行；再次运行同一命令即可继续 (stopped after row ${job.rowsDone}; run the same command to resume)`}: ` +
          `新建 created ${job.created} · 合并 merged ${job.merged} · 无变化 unchanged ${job.unchanged} · 拒绝 rejected ${job.rejected} · 疑似重复 possible duplicates ${job.candidates}`,
      );
    }
    if (opts.report) {
      await pipeline(writeReport(d.db, job, 'zh-CN'), createWriteStream(opts.report));
      out(`报告 report: ${opts.report}`);
    }
    if (result.kind === 'stopped') process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
    if (started) bar.stop();
  }
}
