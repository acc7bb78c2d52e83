import path from 'node:path';

/** The one place that reads process.env. Everything else receives a Config. */
export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  timeZone: string;
  demoData: boolean;
  /** Record pageviews (first-party web analytics); false only to measure its cost. */
  analytics: boolean;
  trustProxy: boolean;
  secretKey: string | undefined;
  shutdownTimeoutMs: number;
  /** Notifications: SMTP server (unset: demo sink), sender, SMS gateway (unset: demo sink), its HMAC key. */
  smtpUrl: string | undefined;
  mailFrom: string;
  smsGatewayUrl: string | undefined;
  smsHmacKey: string | undefined;
  notifyIntervalMs: number;
  /** Passphrase that encrypts the certification centre's private keys at rest (PKCS#8). */
  caPassphrase: string;
}

export interface ConfigProblem {
  name: string;
  given: string;
  expected: string;
}

interface Variable<K extends keyof Config> {
  name: string;
  key: K;
  fallback: string | undefined;
  meaning: string;
  expected: string;
  parse: (raw: string) => Config[K] | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const parseBoolean = (raw: string): boolean | undefined =>
  ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())
    ? true
    : ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())
      ? false
      : undefined;

const parseInteger =
  (min: number, max: number) =>
  (raw: string): number | undefined => {
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  };

const parseUrl =
  (protocols: string[]) =>
  (raw: string): string | undefined => {
    try {
      return protocols.includes(new URL(raw).protocol) ? raw.replace(/\/$/, '') : undefined;
    } catch {
      return undefined;
    }
  };

const isTimeZone = (raw: string): string | undefined => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
    return raw;
  } catch {
    return undefined;
  }
};

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table of typed variables
export const VARIABLES: Variable<any>[] = [
  v('PORT', 'port', '3000', 'TCP port the portal listens on', 'an integer 0-65535', parseInteger(0, 65535)),
  v('HOST', 'host', 'localhost', 'interface to listen on', 'a host name or address', (s) => s || undefined),
  v(
    'PUBLIC_URL',
    'publicUrl',
    undefined,
    'address residents use; links in documents, certificates and emails; https makes cookies Secure',
    'an http(s) URL (default http://localhost:PORT)',
    parseUrl(['http:', 'https:']),
  ),
  v(
    'DATABASE_URL',
    'databaseUrl',
    undefined,
    'PostgreSQL server to use; unset means the embedded database (PGlite) in DATA_DIR',
    'a postgres:// or postgresql:// URL',
    parseUrl(['postgres:', 'postgresql:']),
  ),
  v(
    'DATA_DIR',
    'dataDir',
    './data',
    'directory for the embedded database, secrets, uploads and spill files',
    'a directory path',
    (s) => (s ? path.resolve(s) : undefined),
  ),
  v('LOG_LEVEL', 'logLevel', 'info', 'pino log level', LOG_LEVELS.join(', '), (s) =>
    LOG_LEVELS.find((level) => level === s),
  ),
  v(
    'TIME_ZONE',
    'timeZone',
    'Asia/Baku',
    'time zone of dates shown and of statistics periods',
    'an IANA time zone',
    isTimeZone,
  ),
  v('DEMO_DATA', 'demoData', 'true', 'load the demo data on first start', 'true or false', parseBoolean),
  v(
    'ANALYTICS',
    'analytics',
    'true',
    'record pageviews for the web statistics',
    'true or false',
    parseBoolean,
  ),
  v(
    'TRUST_PROXY',
    'trustProxy',
    'false',
    'trust X-Forwarded-* from a reverse proxy',
    'true or false',
    parseBoolean,
  ),
  v(
    'SECRET_KEY',
    'secretKey',
    undefined,
    'server secret for cookies and pseudonymous keys; unset means one generated into DATA_DIR/secret-key',
    'at least 32 characters',
    (s) => (s.length >= 32 ? s : undefined),
  ),
  v(
    'SHUTDOWN_TIMEOUT_MS',
    'shutdownTimeoutMs',
    '10000',
    'how long a graceful shutdown waits for requests in flight',
    'an integer 100-600000',
    parseInteger(100, 600000),
  ),
  v(
    'CA_PASSPHRASE',
    'caPassphrase',
    'demo-ca-passphrase-change-me',
    'passphrase encrypting the certification centre private keys (PKCS#8) at rest; change it in production',
    'at least 12 characters',
    (s) => (s.length >= 12 ? s : undefined),
  ),
  v(
    'SMTP_URL',
    'smtpUrl',
    undefined,
    'mail server for notifications; unset means the demo sink (staff read it at /admin/notifications/sink)',
    'an smtp:// or smtps:// URL',
    parseUrl(['smtp:', 'smtps:']),
  ),
  v(
    'MAIL_FROM',
    'mailFrom',
    'e-Gov Portal <no-reply@egov.local>',
    'sender of notification emails',
    'an address',
    (s) => (s.includes('@') ? s : undefined),
  ),
  v(
    'SMS_GATEWAY_URL',
    'smsGatewayUrl',
    undefined,
    'HTTP SMS gateway that sends texts; unset means the demo sink',
    'an http(s) URL',
    parseUrl(['http:', 'https:']),
  ),
  v(
    'SMS_HMAC_KEY',
    'smsHmacKey',
    undefined,
    'key the SMS gateway and the portal sign requests with; unset means one derived from SECRET_KEY',
    'at least 16 characters',
    (s) => (s.length >= 16 ? s : undefined),
  ),
  v(
    'NOTIFY_INTERVAL_MS',
    'notifyIntervalMs',
    '2000',
    'how often the notification worker looks for messages to send',
    'an integer 100-600000',
    parseInteger(100, 600000),
  ),
];

function v<K extends keyof Config>(
  name: string,
  key: K,
  fallback: string | undefined,
  meaning: string,
  expected: string,
  parse: (raw: string) => Config[K] | undefined,
): Variable<K> {
  return { name, key, fallback, meaning, expected, parse };
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.name}=${JSON.stringify(p.given)}: expected ${p.expected}`).join('\n')}`,
    );
  }
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: ConfigProblem[] = [];
  const config: Partial<Record<keyof Config, unknown>> = {};
  for (const variable of VARIABLES) {
    const raw = env[variable.name];
    const given = raw === undefined || raw === '' ? variable.fallback : raw;
    if (given === undefined) {
      config[variable.key as keyof Config] = undefined;
      continue;
    }
    const value = variable.parse(given);
    if (value === undefined) problems.push({ name: variable.name, given, expected: variable.expected });
    else config[variable.key as keyof Config] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const result = config as Config;
  result.publicUrl ??= `http://localhost:${result.port}`;
  return result;
}
