import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { ROLES, type Role } from '../domain/auth/roles.ts';
import { PRESETS } from '../domain/import/presets.ts';
import { checkNewAccount, createAccount } from '../modules/accounts/index.ts';
import type { DemoSize } from '../modules/demo/index.ts';
import { DEMO_PASSWORD, demoAccounts, generateDemoCity, isSeeded, seedDemo } from '../modules/demo/index.ts';
import { refreshKpiRollupsFully } from '../modules/kpi/index.ts';
import { AppError } from '../platform/errors.ts';
import { translate } from '../platform/i18n/messages.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

async function seedWithProgress(database: Database, size: DemoSize, scale = 1) {
  const bar = new cliProgress.SingleBar(
    { format: ' 示范城市 demo city |{bar}| {value}/{total} {stage}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const result = await seedDemo(
    database.db,
    loadConfig(),
    size,
    (done, total, stage) => {
      if (!started) {
        bar.start(total, 0, { stage });
        started = true;
      }
      bar.update(done, { stage });
    },
    { scale },
  );
  bar.stop();
  out(
    `已载入 ${result.areas} 个区划、${result.accounts.length} 个示范账号 (loaded ${result.areas} areas, ${result.accounts.length} demo accounts)`,
  );
  const r = result.registry;
  if (r.skipped) out('志愿者库已有数据，未重复载入 (the registry already has volunteers; left as it is)');
  else
    out(
      `已载入 ${r.volunteers} 名志愿者、${r.organizations} 个组织（${r.members} 名成员）、${r.stations} 个服务站 ` +
        `(loaded ${r.volunteers} volunteers with ${r.sources} platform links, ${r.organizations} organizations with ${r.members} members, ` +
        `${r.stations} stations with ${r.inspections} inspections)`,
    );
  const d = result.requests;
  if (!d.skipped)
    out(
      `已载入 ${d.beneficiaries} 名服务对象、${d.requests} 条服务需求、${d.calls} 条热线记录 ` +
        `(loaded ${d.beneficiaries} beneficiaries, ${d.requests} requests with ${d.events} events, ${d.calls} hotline calls)`,
    );
}

function printDemoLogins() {
  out(`示范账号 Demo logins (password 密码: ${DEMO_PASSWORD})`);
  for (const a of demoAccounts(generateDemoCity('small'))) out(`  ${a.role.padEnd(16)} ${a.login.padEnd(12)} ${a.displayName}`);
}

const program = new Command('volunet').description('志愿一张网 Volunet — city-wide volunteer service platform');

program
  .command('migrate')
  .description('apply database migrations')
  .action(() =>
    withDatabase(async (d) => {
      out(`migrated (${d.kind})`);
    }),
  );

program
  .command('serve')
  .description('serve the API and web app; loads the demo city into an empty database')
  .option('--no-demo', 'do not load the demo city into an empty database')
  .addOption(new Option('--demo-size <size>', 'size of the demo city').choices(['small', 'city']).default('small'))
  .action(async (opts: { demo: boolean; demoSize: DemoSize }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await database.migrate();
    if (opts.demo && !(await isSeeded(database.db))) await seedWithProgress(database, opts.demoSize);
    // Loaded here, not at the top (as the importer is, below): loading them made every other command
    // slow to start (`ledger verify` on an idle machine: 3.4 s with them, 1.1 s without).
    const { buildApp } = await import('../http/app.ts');
    const app = await buildApp({ database, config });
    const shutdown = async () => {
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    await app.listen({ port: config.port, host: config.host });
    out('');
    out(`志愿一张网 Volunet is running on ${database.kind === 'pglite' ? `embedded PostgreSQL (${config.dataDir})` : 'PostgreSQL server'}`);
    out(`  打开 Open:  http://localhost:${config.port}`);
    out(`  API 文档:   http://localhost:${config.port}/api/docs`);
    if (opts.demo) printDemoLogins();
  });

const seed = program.command('seed').description('load data');
seed
  .command('demo')
  .description('load the demo city (Hangzhou districts with generated streets and communities)')
  .addOption(
    new Option(
      '--size <size>',
      'small loads in seconds; city: ~1 000 communities, 1 000 000 volunteers, 20 000 000 service records (a PostgreSQL server)',
    )
      .choices(['small', 'city'])
      .default('small'),
  )
  .addOption(
    new Option(
      '--scale <fraction>',
      'load this fraction of the size’s people, organizations, stations, projects and records (0 < fraction ≤ 1)',
    )
      .argParser((value) => {
        const n = Number(value);
        if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('--scale: a number above 0 and at most 1 (0.1 is a tenth)');
        return n;
      })
      .default(1),
  )
  .action((opts: { size: DemoSize; scale: number }) =>
    withDatabase(async (d) => {
      await seedWithProgress(d, opts.size, opts.scale);
      printDemoLogins();
    }),
  );

const admin = program.command('admin').description('accounts');
admin
  .command('create')
  .description('create an administrator (the first city administrator, for one)')
  .requiredOption('--name <displayName>', 'display name')
  .option('--username <username>', 'username to sign in with')
  .option('--phone <phone>', 'mobile number to sign in with')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('city_admin'))
  .requiredOption('--area <code>', 'area code the role is scoped to, e.g. 3301 for the city')
  .option('--password <password>', 'password; read from VOLUNET_ADMIN_PASSWORD when omitted')
  .action((opts: { name: string; username?: string; phone?: string; role: Role; area: string; password?: string }) => {
    const password = opts.password ?? process.env.VOLUNET_ADMIN_PASSWORD;
    if (!password) throw new Error('--password or VOLUNET_ADMIN_PASSWORD is required');
    const account = {
      displayName: opts.name,
      username: opts.username,
      phone: opts.phone,
      password,
      grants: [{ role: opts.role, areaCode: opts.area }],
    };
    // Input that is wrong whatever the database holds is refused before one is opened.
    checkNewAccount(account);
    return withDatabase(async (d) => {
      const id = await createAccount(d.db, loadConfig(), { actor: null, requestId: `cli-${Date.now()}` }, account);
      out(`created ${opts.role} ${opts.username ?? '(phone)'} → ${id}`);
    });
  });

const importCommand = program.command('import').description('import from other platforms');
importCommand
  .command('volunteers <file>')
  .description('import volunteers from a CSV (UTF-8 or GBK) or XLSX export of another platform; run it again to resume')
  .requiredOption('--source <name>', `source platform: ${PRESETS.map((p) => p.source).join(', ')}`)
  .option('--dry-run', 'check and resolve every row, write nothing, print what would happen')
  .option('--force', 'import a file that was already imported completely')
  .option('--report <file.xlsx>', 'write the import report (created / merged / unchanged / rejected with reasons) to this file')
  .action((filePath: string, opts: { source: string; dryRun?: boolean; force?: boolean; report?: string }) =>
    withDatabase(async (d) => (await import('./import-command.ts')).runImportCommand(d, filePath, opts)),
  );

const ledger = program.command('ledger').description('the hour ledger');
ledger
  .command('verify')
  .description(
    'verify the hour ledger’s keyed chain and reconcile it with the service records; names the first entry (or record) that does not fit',
  )
  .option('--anchor <file>', 'a checkpoint saved by `ledger anchor`: the chain must still reach it unchanged')
  .action((opts: { anchor?: string }) =>
    withDatabase(async (d) => (await import('./ledger-command.ts')).ledgerVerify(d, loadConfig(), opts)),
  );
ledger
  .command('anchor')
  .description('write a checkpoint of the verified ledger, signed with the platform key, to keep outside the database')
  .option('--out <file>', 'write it to this file (default: print it)')
  .action((opts: { out?: string }) => withDatabase(async (d) => (await import('./ledger-command.ts')).ledgerAnchor(d, loadConfig(), opts)));
ledger
  .command('rekey')
  .description('once, after upgrading: verify a ledger written with unkeyed SHA-256 links, then link it again under the ledger key')
  .action(() => withDatabase(async (d) => (await import('./ledger-command.ts')).ledgerRekey(d, loadConfig())));

const points = program.command('points').description('the points ledger (points and time credits)');
points
  .command('verify')
  .description(
    'verify the points ledger’s keyed chain, reconcile each movement with its cause, check balances and zero sums; names the first problem',
  )
  .option('--anchor <file>', 'a checkpoint saved by `points anchor`: the chain must still reach it unchanged')
  .action((opts: { anchor?: string }) =>
    withDatabase(async (d) => (await import('./points-command.ts')).pointsVerify(d, loadConfig(), opts)),
  );
points
  .command('anchor')
  .description('write a checkpoint of the verified points ledger, signed with the platform key, to keep outside the database')
  .option('--out <file>', 'write it to this file (default: print it)')
  .action((opts: { out?: string }) => withDatabase(async (d) => (await import('./points-command.ts')).pointsAnchor(d, loadConfig(), opts)));

program
  .command('requests')
  .description('service requests')
  .command('remask-places')
  .description(
    'once, after upgrading: work out again, from the sealed place, the masked place volunteers see on requests stored before the one masking rule (safe to run again)',
  )
  .action(() => withDatabase(async (d) => (await import('./requests-command.ts')).requestsRemaskPlaces(d, loadConfig())));

program
  .command('verify-pdf <file>')
  .description('check a certificate PDF offline with the published key; exit 0 valid, 2 forged or not a certificate, 3 revoked')
  .option('--key <file|url>', 'the public key: a PEM or /api/verify-key JSON file, or a platform’s address (default: this installation’s)')
  .action(async (file: string, opts: { key?: string }) => {
    process.exitCode = await (await import('./verify-pdf-command.ts')).runVerifyPdf(file, opts);
  });

program
  .command('kpi')
  .description('KPI figures')
  .command('refresh')
  .description('bring the KPI rollups up to date now (servers that run jobs do it every 10 s)')
  .action(() =>
    withDatabase(async (d) => {
      const r = await refreshKpiRollupsFully(d.db);
      out(`KPI 已更新 refreshed: ${r.entries} ledger entries, ${r.volunteers} volunteers, up to entry ${r.ledgerSeq}`);
    }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AppError) {
    const details = Array.isArray(err.details)
      ? (err.details as { field: string; messageKey: never; params?: Record<string, string> }[])
          .map((d) => `${d.field}: ${translate('zh-CN', d.messageKey, d.params)} / ${translate('en-US', d.messageKey, d.params)}`)
          .join('\n')
      : translate('zh-CN', err.messageKey, err.params);
    process.stderr.write(`error: ${details}\n`);
  } else {
    process.stderr.write(`error: ${(err as Error).message}\n`);
  }
  process.exit(1);
});
