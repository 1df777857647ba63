// `npm run bench`: runs every bench/*.bench.ts in turn. Each prints its figure beside the
// anchor it is held against, both measured in the same run on the same machine.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
for (const file of files) {
  process.stdout.write(`\n== ${file} ==\n`);
  const bench = (await import(path.join(dir, file))) as { run(): Promise<void> };
  await bench.run();
}
