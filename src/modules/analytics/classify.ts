// Pure functions that turn a request into the few coarse facts a pageview keeps.

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export type Device = (typeof DEVICES)[number];

export type ExclusionReason = 'bot' | 'no_user_agent' | 'prefetch';

// Crawlers, monitors, link previewers and HTTP libraries; a browser never sends these words.
const BOT_PATTERN =
  /bot\b|bot\/|crawl|spider|slurp|scrap|fetch|monitor|uptime|pingdom|statuscake|curl\/|wget\/|httpie|python-|python\/|aiohttp|go-http-client|java\/|okhttp|axios\/|node-fetch|undici|libwww|headlesschrome|phantomjs|lighthouse|facebookexternalhit|embedly|preview|whatsapp|telegram|skypeuripreview|bingpreview|yandex|baidu|ahrefs|semrush|mj12|dotbot|petalbot|bytespider|gptbot|claudebot|ccbot|autocannon|k6\/|apachebench|jmeter/i;

const PREFETCH_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'] as const;

export interface RequestFacts {
  userAgent: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  hasCookies: boolean;
}

// Browsers send a few distinct user agents, over and over: what the patterns said of the recent ones is
// kept (bounded; forgets all when full).
const bots = new Map<string, boolean>();
const devices = new Map<string, Device>();
const AGENTS_KEPT = 2000;
const AGENT_LENGTH_KEPT = 512;

function remembered<T>(memo: Map<string, T>, ua: string, decide: (ua: string) => T): T {
  if (ua.length > AGENT_LENGTH_KEPT) return decide(ua);
  let answer = memo.get(ua);
  if (answer === undefined) {
    answer = decide(ua);
    if (memo.size >= AGENTS_KEPT) memo.clear();
    memo.set(ua, answer);
  }
  return answer;
}

const isBot = (ua: string) => remembered(bots, ua, (u) => BOT_PATTERN.test(u));

/** Why a request is not a person's pageview, or undefined when it is one. */
export function exclusionReason(facts: RequestFacts): ExclusionReason | undefined {
  const ua = facts.userAgent?.trim();
  if (!ua) return 'no_user_agent';
  if (isBot(ua)) return 'bot';
  // A speculative prefetch without cookies is a browser guessing, not a person reading.
  const prefetch = PREFETCH_HEADERS.some((h) =>
    /prefetch|prerender|preview/i.test(String(facts.headers[h] ?? '')),
  );
  if (prefetch && !facts.hasCookies) return 'prefetch';
  return undefined;
}

/** Desktop, mobile or tablet, from the user agent at request time; the user agent itself is not kept. */
export function deviceClass(userAgent: string | undefined): Device {
  return remembered(devices, userAgent ?? '', deviceOf);
}

function deviceOf(ua: string): Device {
  if (/iPad|Tablet|Kindle|Silk|PlayBook|Nexus (7|9|10)|SM-T\d/i.test(ua)) return 'tablet';
  if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? 'mobile' : 'tablet';
  if (/Mobi|iPhone|iPod|Windows Phone|Opera Mini|BlackBerry|IEMobile/i.test(ua)) return 'mobile';
  return 'desktop';
}

const HOST_PATTERN = /^[a-z0-9.-]{1,100}$/;

/** The referrer's host when it is another site; undefined for none, our own pages or anything malformed. */
// scheme://host (no user, no port) followed by the path, query, fragment or the end.
const PLAIN_ORIGIN = /^https?:\/\/([a-z0-9.-]+)(?:[/?#]|$)/i;

export function referrerHost(referer: string | undefined, ownHosts: readonly string[]): string | undefined {
  if (!referer || referer.length > 2000) return undefined;
  // Most referers are the portal's own pages: their host is read without parsing a URL.
  const plain = PLAIN_ORIGIN.exec(referer)?.[1]
    ?.toLowerCase()
    .replace(/^www\./, '');
  if (plain !== undefined && ownHosts.some((own) => own.replace(/^www\./, '') === plain)) return undefined;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    if (!HOST_PATTERN.test(host)) return undefined;
    return ownHosts.some((own) => own.replace(/^www\./, '') === host) ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * Page type by the first path segment after the language; `item` applies when a further segment
 * follows (a service or agency page), `key` names which dimension that segment's code fills.
 */
interface Section {
  list: string;
  item?: string;
  key?: 'service' | 'agency';
}

export const SECTIONS: Record<string, Section> = {
  '': { list: 'home' },
  services: { list: 'catalogue', item: 'service', key: 'service' },
  agencies: { list: 'catalogue', item: 'agency', key: 'agency' },
  categories: { list: 'catalogue' },
  search: { list: 'catalogue' },
  statistics: { list: 'statistics' },
  'open-data': { list: 'statistics' },
  account: { list: 'account' },
  login: { list: 'account' },
  logout: { list: 'account' },
  applications: { list: 'account' },
  certificates: { list: 'certificates' },
  ca: { list: 'certificates' },
  verify: { list: 'verify' },
  backoffice: { list: 'backoffice' },
  admin: { list: 'backoffice' },
  news: { list: 'news' },
  privacy: { list: 'information' },
  accessibility: { list: 'information' },
  help: { list: 'information' },
};

export const PAGE_TYPES = [...new Set(Object.values(SECTIONS).flatMap((s) => [s.list, s.item ?? s.list]))];

const CODE_PATTERN = /^[\w.-]{1,64}$/;
/** Parameters whose values are public (codes of catalogue entries): they may appear in a stored path. */
const PUBLIC_PARAMS = new Set(['code', 'serviceCode', 'agencyCode', 'categoryCode', 'slug', 'section']);

export interface PageFacts {
  pageType: string;
  serviceCode?: string;
  agencyCode?: string;
  /** Without the language; private parameters (receipt numbers, ids) left as `:name`. */
  path: string;
}

function code(value: unknown): string | undefined {
  return typeof value === 'string' && CODE_PATTERN.test(value) ? value : undefined;
}

/** From the route template and its parameters, e.g. '/:lang/services/:code' -> service page of that code. */
export function pageFromRoute(
  routeUrl: string,
  params: Record<string, unknown>,
  override?: string,
): PageFacts {
  const segments = routeUrl.split('/').filter(Boolean);
  if (segments[0] === ':lang') segments.shift();
  const pathParts = segments.map((segment) => {
    if (!segment.startsWith(':')) return segment;
    const name = segment.slice(1);
    const value = code(params[name]);
    return PUBLIC_PARAMS.has(name) && value ? value : segment;
  });
  const section = SECTIONS[segments[0] ?? ''];
  const isItem = segments.length > 1 && segments[1]?.startsWith(':');
  const pageType = override ?? (section ? (isItem && section.item ? section.item : section.list) : 'other');
  const serviceCode =
    code(params.serviceCode) ?? (isItem && section?.key === 'service' ? code(params.code) : undefined);
  const agencyCode =
    code(params.agencyCode) ?? (isItem && section?.key === 'agency' ? code(params.code) : undefined);
  return { pageType, serviceCode, agencyCode, path: `/${pathParts.join('/')}`.slice(0, 200) };
}

/** The same classification for an imported path (no route known): '/az/services/123?x' -> service 123. */
export function pageFromPath(rawPath: string): PageFacts {
  const pathOnly = rawPath.split(/[?#]/, 1)[0] ?? '';
  const segments = pathOnly
    .split('/')
    .filter(Boolean)
    .map((s) => s.slice(0, 64));
  if (['az', 'en', 'ru'].includes(segments[0] ?? '')) segments.shift();
  const section = SECTIONS[segments[0] ?? ''];
  const item = segments.length > 1 ? code(segments[1]) : undefined;
  const pageType = section ? (item && section.item ? section.item : section.list) : 'other';
  return {
    pageType,
    serviceCode: item && section?.key === 'service' ? item : undefined,
    agencyCode: item && section?.key === 'agency' ? item : undefined,
    // Deeper segments of an unknown path may be private (receipt numbers): keep the section and code only.
    path: !section ? '/(other)' : section.item && item ? `/${segments[0]}/${item}` : `/${segments[0] ?? ''}`,
  };
}
