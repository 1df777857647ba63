/**
 * The import rules of Volunet's layers (docs/architecture.md), checked by `npm test` through
 * `npm run lint:deps`. No rule has an exception and none is switched off for a file.
 */
const MODULE = '^src/modules/([^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'No file may import itself through others: a cycle ties capabilities that should stand apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'The domain is pure rules over plain data: it imports the domain and the pure part of the platform (words, clock, masking, errors), never the database, HTTP or a capability.',
      from: { path: '^src/domain/' },
      to: {
        path: '^(src|web|test|bench)/',
        pathNot: ['^src/domain/', '^src/platform/(i18n/|clock\\.ts$|masking\\.ts$|errors\\.ts$)'],
      },
    },
    {
      name: 'db-below-capabilities',
      severity: 'error',
      comment: 'The data layer knows tables and connections, not the capabilities or HTTP that use them.',
      from: { path: '^src/db/' },
      to: { path: '^src/(modules|http|cli)/' },
    },
    {
      name: 'platform-below-capabilities',
      severity: 'error',
      comment: 'The platform layer is shared by every capability, so it imports none of them (nor HTTP).',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|http|cli)/' },
    },
    {
      name: 'module-through-its-index',
      severity: 'error',
      comment:
        "Another capability is used through its index.ts (its published services and types), never through its files: a capability's queries are its own.",
      from: { path: MODULE },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'sql-only-in-queries',
      severity: 'error',
      comment:
        "A capability's SQL lives in its *.queries.ts files (route → policy → service → queries): no other file of a module imports drizzle-orm or the schema's tables (types are fine).",
      from: { path: MODULE, pathNot: ['\\.queries\\.ts$', '\\.test\\.ts$'] },
      to: { path: ['(^|/)node_modules/drizzle-orm/', '^src/db/schema'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'outside-through-index',
      severity: 'error',
      comment:
        'HTTP, the CLI and the tests outside src/modules use a capability through its index.ts; only the manifest names the <name>.module.ts files.',
      from: { path: '^(src/(http|cli|platform|db|domain)|test|bench)/', pathNot: '^src/modules/manifest\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'manifest-names-modules-only',
      severity: 'error',
      comment: 'The manifest lists each capability by its <name>.module.ts.',
      from: { path: '^src/modules/manifest\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/([^/]+)/\\1\\.module\\.ts$' },
    },
    {
      name: 'server-never-imports-web',
      severity: 'error',
      comment: 'Words and types the web app shares with the server live in the platform layer and the contract.',
      from: { path: '^(src|bin)/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-imports-only-the-contract',
      severity: 'error',
      comment:
        'The web app sees the server only through the shared contract: src/contract (API types and the shared rules and value lists) and the words of src/platform/i18n/ui.',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|bin)/', pathNot: ['^src/contract/', '^src/platform/i18n/ui/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: {
      dot: {
        collapsePattern: '^(src/modules/[^/]+|src/domain/[^/]+|src/platform|src/db|src/http|src/cli|web/src/[^/]+|node_modules/[^/]+)',
      },
    },
  },
};
