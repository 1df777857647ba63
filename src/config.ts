import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything Volunet reads from the environment, read in one place. */
export interface Config {
  port: number;
  host: string;
  /** Folder for the embedded database and generated secrets. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl?: string;
  /** Keys for personal data: AES-256-GCM encryption and the HMAC blind index. */
  piiKeys: PiiKeys;
  /** Marks cookies Secure; on for production behind TLS. */
  secureCookies: boolean;
  /** Which proxies' X-Forwarded-* headers to believe: false (none), a hop count, or addresses. */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  logLevel: string;
  /**
   * Sign-in slow-down: failures allowed per identifier and client address (or known device)
   * before each further attempt waits, twice as long each time, up to the window; the count is
   * forgotten a window after its first failure.
   */
  signInMaxFailures: number;
  signInWindowMinutes: number;
  /** How long a browser stays a known device of an account after signing in (its device cookie). */
  signInDeviceDays: number;
  /** Sign-in attempts allowed per client address per minute, whatever the identifier. */
  signInPerMinute: number;
  sessionDays: number;
  /** Days an uploaded import file waits to be started before its job is cancelled and the file erased. */
  importFileDays: number;
  /** How long a server may answer from its memory of a session before asking the database again. */
  sessionCacheSeconds: number;
  /** Run background jobs (notice delivery, reminders) in this process; tests turn it off. */
  jobWorkers: boolean;
  /**
   * A route that checks a policy action it does not declare fails its request (500) instead of
   * only logging the error; tests turn it on.
   */
  strictRouteActions: boolean;
  /** Outbound notice channels, each on when configured: a webhook (an SMS gateway, say) and SMTP e-mail. */
  noticeWebhookUrl?: string;
  smtpUrl?: string;
  smtpFrom: string;
  /**
   * Map tiles under the KPI page's coverage map, when the city has a tile server: an XYZ template
   * ("https://tiles.example.org/{z}/{x}/{y}.png", Web Mercator) and the credit its licence asks for.
   * Without it the map is drawn from coordinates alone.
   */
  mapTiles?: { url: string; attribution: string };
  /** The platform's Ed25519 key that signs certificates; its public half is published for partners. */
  signingKey: KeyObject;
  publicKey: KeyObject;
  /**
   * The platform's public address (VOLUNET_PUBLIC_URL: an http(s) origin with an optional path
   * prefix), from which addresses that leave the server are built, such as the verify address and
   * QR code on a certificate. Never taken from a request's Host or X-Forwarded-* headers.
   */
  publicUrl: string;
  /** VOLUNET_PUBLIC_URL was not set: publicUrl is http://localhost:<port>, and the server warns once. */
  publicUrlDefaulted: boolean;
  /** The key of the ledgers' HMAC chains (hours, then points and the time bank): never in the database. */
  ledgerKey: Buffer;
}

export interface PiiKeys {
  /** Key version → 32-byte key; the highest version encrypts, every version decrypts. */
  encryption: Record<number, Buffer>;
  currentVersion: number;
  blindIndex: Buffer;
}

interface StoredSecrets {
  encryption: Record<string, string>;
  blindIndex: string;
}

/**
 * Secrets come from VOLUNET_PII_KEYS (JSON: {"encryption":{"1":"<base64>"},"blindIndex":"<base64>"})
 * or, for a single machine, from secrets.json in the data folder, created on first start.
 */
function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv): PiiKeys {
  let stored: StoredSecrets;
  if (env.VOLUNET_PII_KEYS) {
    stored = JSON.parse(env.VOLUNET_PII_KEYS) as StoredSecrets;
  } else {
    const file = path.join(dataDir, 'secrets.json');
    if (existsSync(file)) {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    } else {
      mkdirSync(dataDir, { recursive: true });
      stored = {
        encryption: { '1': randomBytes(32).toString('base64') },
        blindIndex: randomBytes(32).toString('base64'),
      };
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
  }
  const encryption: Record<number, Buffer> = {};
  for (const [version, key] of Object.entries(stored.encryption)) {
    const buf = Buffer.from(key, 'base64');
    if (buf.length !== 32) throw new Error(`PII encryption key version ${version} must be 32 bytes`);
    encryption[Number(version)] = buf;
  }
  const versions = Object.keys(encryption).map(Number);
  if (versions.length === 0) throw new Error('At least one PII encryption key is required');
  return {
    encryption,
    currentVersion: Math.max(...versions),
    blindIndex: Buffer.from(stored.blindIndex, 'base64'),
  };
}

/**
 * The certificate signing key: VOLUNET_SIGNING_KEY (a PKCS#8 PEM) or, for a single machine,
 * signing-key.pem in the data folder, made on first start.
 */
function loadSigningKey(dataDir: string, env: NodeJS.ProcessEnv): { signingKey: KeyObject; publicKey: KeyObject } {
  let pem = env.VOLUNET_SIGNING_KEY;
  if (!pem) {
    const file = path.join(dataDir, 'signing-key.pem');
    if (existsSync(file)) pem = readFileSync(file, 'utf8');
    else {
      mkdirSync(dataDir, { recursive: true });
      pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      writeFileSync(file, pem, { mode: 0o600 });
    }
  }
  const signingKey = createPrivateKey(pem);
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('VOLUNET_SIGNING_KEY must be an Ed25519 private key');
  return { signingKey, publicKey: createPublicKey(signingKey) };
}

/**
 * The ledger key: VOLUNET_LEDGER_KEY (base64, at least 32 bytes) or, for a single machine,
 * ledger-key in the data folder, made on first start. Whoever holds the database but not this key
 * cannot add, change or remove a ledger entry without `ledger verify` naming it.
 */
function loadLedgerKey(dataDir: string, env: NodeJS.ProcessEnv): Buffer {
  let encoded = env.VOLUNET_LEDGER_KEY?.trim();
  if (!encoded) {
    const file = path.join(dataDir, 'ledger-key');
    if (existsSync(file)) encoded = readFileSync(file, 'utf8').trim();
    else {
      mkdirSync(dataDir, { recursive: true });
      encoded = randomBytes(32).toString('base64');
      writeFileSync(file, `${encoded}\n`, { mode: 0o600 });
    }
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 32) throw new Error('VOLUNET_LEDGER_KEY must be at least 32 bytes, base64-encoded');
  return key;
}

/** A whole number from the environment, or a start-up error that names the variable. */
function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

/** "false" (default), "true", a hop count ("1": the nearest proxy) or addresses/CIDRs ("10.0.0.0/8"). */
function trustProxyFrom(raw: string | undefined): Config['trustProxy'] {
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return (_address, hop) => hop < hops;
  }
  return raw;
}

/** VOLUNET_MAP_TILE_URL must name {z}, {x} and {y} and be http(s) or a path on this server. */
function mapTilesFrom(env: NodeJS.ProcessEnv): Config['mapTiles'] {
  const url = env.VOLUNET_MAP_TILE_URL?.trim();
  if (!url) return undefined;
  if (!['{z}', '{x}', '{y}'].every((p) => url.includes(p)) || !/^(https?:\/\/[^/]+\/|\/)/.test(url))
    throw new Error('VOLUNET_MAP_TILE_URL must be an http(s) address or a path starting with / that contains {z}, {x} and {y}');
  return { url, attribution: env.VOLUNET_MAP_TILE_ATTRIBUTION?.trim() ?? '' };
}

/** VOLUNET_PUBLIC_URL: an http(s) origin and optional path prefix; no credentials, query or fragment. */
function publicUrlFrom(env: NodeJS.ProcessEnv, port: number): Pick<Config, 'publicUrl' | 'publicUrlDefaulted'> {
  const raw = env.VOLUNET_PUBLIC_URL?.trim();
  if (!raw) return { publicUrl: `http://localhost:${port}`, publicUrlDefaulted: true };
  const problem =
    'VOLUNET_PUBLIC_URL must be an http(s) address such as https://volunteer.example.gov.cn or https://example.gov.cn/volunet';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${problem}, not "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash || /[?#]/.test(raw))
    throw new Error(`${problem}, without user, password, query or fragment, not "${raw}"`);
  return { publicUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, publicUrlDefaulted: false };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.VOLUNET_DATA_DIR ?? 'data');
  const port = intFrom(env, 'PORT', 3000, 0);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    piiKeys: loadSecrets(dataDir, env),
    secureCookies: env.VOLUNET_SECURE_COOKIES === '1',
    trustProxy: trustProxyFrom(env.VOLUNET_TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    signInMaxFailures: intFrom(env, 'VOLUNET_SIGNIN_MAX_FAILURES', 5, 1),
    signInWindowMinutes: intFrom(env, 'VOLUNET_SIGNIN_WINDOW_MINUTES', 15, 1),
    signInPerMinute: intFrom(env, 'VOLUNET_SIGNIN_PER_MINUTE', 30, 1),
    signInDeviceDays: intFrom(env, 'VOLUNET_SIGNIN_DEVICE_DAYS', 365, 1),
    sessionDays: intFrom(env, 'VOLUNET_SESSION_DAYS', 14, 1),
    importFileDays: intFrom(env, 'VOLUNET_IMPORT_FILE_DAYS', 7, 1),
    sessionCacheSeconds: intFrom(env, 'VOLUNET_SESSION_CACHE_SECONDS', 10, 0),
    jobWorkers: env.VOLUNET_JOB_WORKERS !== '0',
    strictRouteActions: env.VOLUNET_STRICT_ROUTE_ACTIONS === '1',
    noticeWebhookUrl: env.VOLUNET_NOTICE_WEBHOOK || undefined,
    smtpUrl: env.VOLUNET_SMTP_URL || undefined,
    smtpFrom: env.VOLUNET_SMTP_FROM ?? 'Volunet <noreply@volunet.local>',
    mapTiles: mapTilesFrom(env),
    ...publicUrlFrom(env, port),
    ...loadSigningKey(dataDir, env),
    ledgerKey: loadLedgerKey(dataDir, env),
  };
}
