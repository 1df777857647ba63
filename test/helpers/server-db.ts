/** The same server, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Where CREATE and DROP DATABASE are run from: the database named in DATABASE_URL. */
export function adminUrl(serverUrl: string): string {
  return serverUrl;
}

/** PGlite: where the run's seeded demo city is kept, beside the migrated template's dump. */
export const demoDumpOf = (templateFile: string) => templateFile.replace(/\.tar$/, '-demo.tar');

/** Server: the run's seeded demo city, named so the run's clean-up drops it with the copies. */
export const demoTemplateOf = (templateDatabase: string) => `${templateDatabase.replace('tpl', 't')}_demo`;
