#!/usr/bin/env node
// `npm run graph`: redraws the import graph in docs/architecture.md (between its graph markers)
// from the code as it is, folders collapsed to layers and capabilities, as a Mermaid flowchart.
// `npm run graph -- --check` fails when the drawing there is not the code's (npm test runs it).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = path.join(root, 'docs', 'architecture.md');
const BEGIN = '<!-- import graph: npm run graph -->';
const END = '<!-- end of import graph -->';

const mermaid = execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
    'src',
    'web/src',
    '--config',
    '.dependency-cruiser.cjs',
    '--include-only',
    '^(src|web/src)/',
    '--exclude',
    '\\.test\\.ts$',
    '--collapse',
    '^(src/(modules/[^/]+|domain|platform|db|http|cli|contract|config\\.ts)|web/src)',
    '--output-type',
    'mermaid',
  ],
  { cwd: root, encoding: 'utf8' },
)
  .trim()
  .split('\n');
// The arrows in a fixed order (the cruiser lists them in the order it meets files), so the drawing
// changes only when the graph does.
const arrows = mermaid.filter((line) => line.includes('-->')).sort();
const drawing = [...mermaid.filter((line) => !line.includes('-->')), ...arrows].join('\n');

const text = readFileSync(doc, 'utf8');
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`${doc} has no ${BEGIN} … ${END} section`);
const updated = `${text.slice(0, start + BEGIN.length)}\n\`\`\`mermaid\n${drawing}\n\`\`\`\n${text.slice(end)}`;
if (process.argv.includes('--check')) {
  if (updated !== text) {
    process.stderr.write("docs/architecture.md: the import graph is not the code's; run `npm run graph`\n");
    process.exit(1);
  }
} else writeFileSync(doc, updated);
