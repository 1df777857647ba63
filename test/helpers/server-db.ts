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
