import type { Language } from '../../platform/i18n/i18n.ts';
import { AUDIENCES, AUTH_LEVELS, SERVICE_KINDS } from './catalogue.model.ts';
import type { Reference } from './catalogue.service.ts';
import { highlight } from './highlight.ts';
import type { SearchQuery, SearchResult } from './search.ts';
import type { InputProblem } from './search-input.ts';
import { feeText, type LooseTranslate, options, pagination, withQuery } from './view-helpers.ts';

function queryParams(query: SearchQuery) {
  return {
    q: query.q,
    agency: query.agency,
    category: query.category,
    kind: query.kind,
    authLevel: query.authLevel,
    audience: query.audience,
    sort: query.sort === 'relevance' ? undefined : query.sort,
  };
}

function filterOptions(t: LooseTranslate, lang: Language, ref: Reference, query: SearchQuery) {
  const byName = (a: { text: string }, b: { text: string }) => a.text.localeCompare(b.text, lang);
  const coded = (prefix: string, values: readonly string[]) =>
    values.map((value) => ({ value, text: t(`${prefix}.${value}`) }));
  return {
    agency: options(
      ref.agencies.map((a) => ({ value: a.code, text: a.name[lang] })).sort(byName),
      query.agency,
      t('catalogue.filter.anyAgency'),
    ),
    category: options(
      ref.categories.map((c) => ({ value: c.code, text: c.name[lang] })),
      query.category,
      t('catalogue.filter.anyCategory'),
    ),
    authLevel: options(coded('catalogue.authLevel', AUTH_LEVELS), query.authLevel, t('catalogue.filter.any')),
    kind: options(coded('catalogue.kind', SERVICE_KINDS), query.kind, t('catalogue.filter.any')),
    audience: options(coded('catalogue.audience', AUDIENCES), query.audience, t('catalogue.filter.any')),
    sort: [
      { value: 'relevance', text: t('catalogue.sort.relevance'), selected: query.sort === 'relevance' },
      { value: 'name', text: t('catalogue.sort.name'), selected: query.sort === 'name' },
    ],
  };
}

function hitsView(t: LooseTranslate, lang: Language, result: SearchResult) {
  return result.hits.map((hit) => ({
    code: hit.code,
    href: `/${lang}/services/${encodeURIComponent(hit.code)}`,
    name: highlight(hit.name[lang], result),
    summary: hit.summary ? highlight(hit.summary[lang], result) : undefined,
    agencyName: hit.agencyName[lang],
    agencyHref: `/${lang}/agencies/${encodeURIComponent(hit.agencyCode)}`,
    authLevel: t(`catalogue.authLevel.${hit.authLevel}`),
    fee: feeText(lang, hit.fee, hit.currency, t('catalogue.fee.free')),
    // A query typed in another language: show the name that matched, marked with its language.
    matched:
      hit.matchLang && hit.matchLang !== lang
        ? { lang: hit.matchLang, name: highlight(hit.name[hit.matchLang], result) }
        : undefined,
  }));
}

function problemMessages(t: LooseTranslate, problems: InputProblem[]) {
  return problems.map((p) => ({
    text: t(`catalogue.problem.${p.problem}`, {
      parameter: t(`catalogue.parameter.${p.parameter}`),
      value: p.value,
    }),
    href: ['q', 'agency', 'category', 'kind', 'authLevel', 'audience', 'sort'].includes(p.parameter)
      ? `#${p.parameter}`
      : undefined,
  }));
}

/** Everything the catalogue page shows: the form with its filters, the problems, the hits and the pages. */
export function servicesPageView(
  t: LooseTranslate,
  lang: Language,
  ref: Reference,
  query: SearchQuery,
  problems: InputProblem[],
  result: SearchResult | undefined,
) {
  const path = `/${lang}/services`;
  const params = queryParams(query);
  const pages = result ? Math.ceil(result.total / query.limit) : 0;
  return {
    query,
    filters: filterOptions(t, lang, ref, query),
    problems: problemMessages(t, problems),
    result,
    total: result?.total ?? 0,
    hits: result ? hitsView(t, lang, result) : [],
    pastTheEnd: result !== undefined && result.total > 0 && query.page > pages,
    lastPageHref: withQuery(path, { ...params, page: pages > 1 ? pages : undefined }),
    clearHref: path,
    pagination: pagination(t, query.page, pages, (n) =>
      withQuery(path, { ...params, page: n > 1 ? n : undefined }),
    ),
    filtered: Boolean(query.agency || query.category || query.kind || query.authLevel || query.audience),
  };
}
