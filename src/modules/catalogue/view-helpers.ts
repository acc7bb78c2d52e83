import type { Viewer } from '../../platform/http/auth.ts';
import { formatNumber, type Language, type MessageKey, translator } from '../../platform/i18n/i18n.ts';

export type LooseTranslate = (key: string, values?: Record<string, string | number | Date>) => string;

/** The module's own message keys are added at start-up, so they are not in the shell's MessageKey type. */
export function messages(lang: Language): LooseTranslate {
  const t = translator(lang);
  return (key, values) => t(key as MessageKey, values);
}

export interface Option {
  value: string;
  text: string;
  selected?: boolean;
}

export function options(
  values: { value: string; text: string }[],
  selected: string | undefined,
  anyText: string,
): Option[] {
  return [
    { value: '', text: anyText, selected: !selected },
    ...values.map((o) => ({ ...o, selected: o.value === selected })),
  ];
}

export function feeText(lang: Language, fee: number, currency: string, free: string): string {
  if (fee === 0) return free;
  return formatNumber(lang, fee, { style: 'currency', currency, currencyDisplay: 'code' });
}

/** A URL of the same page with some query parameters changed (empty ones dropped). */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export interface PaginationItem {
  number?: number;
  href?: string;
  current?: boolean;
  ellipsis?: boolean;
  visuallyHiddenText?: string;
}

/** govukPagination's items: first, last, and the pages around the current one; labels localised. */
export function pagination(t: LooseTranslate, page: number, pages: number, href: (n: number) => string) {
  if (pages <= 1) return undefined;
  const items: PaginationItem[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1)
      items.push({
        number: n,
        href: href(n),
        current: n === page,
        visuallyHiddenText: t('catalogue.pagination.page', { number: n }),
      });
    else if (!items[items.length - 1]?.ellipsis) items.push({ ellipsis: true });
  }
  return {
    items,
    landmarkLabel: t('catalogue.pagination.label'),
    previous:
      page > 1 && page <= pages
        ? { href: href(page - 1), text: t('catalogue.pagination.previous') }
        : undefined,
    next: page < pages ? { href: href(page + 1), text: t('catalogue.pagination.next') } : undefined,
  };
}

/**
 * Where the start button leads: the service runtime's start page, or the login page first when the
 * service needs a login (an e-signature login for `esignature`) that the viewer does not have.
 */
export function startHref(
  lang: Language,
  code: string,
  authLevel: string,
  viewer: Viewer | undefined,
): string {
  const start = `/${lang}/services/${encodeURIComponent(code)}/start`;
  if (authLevel === 'none') return start;
  const enough = viewer && (authLevel !== 'esignature' || viewer.level === 'high');
  if (enough) return start;
  return `/${lang}/login?next=${encodeURIComponent(start)}${authLevel === 'esignature' ? '&level=high' : ''}`;
}
