import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendErrorPage } from '../../platform/http/errors.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatNumber, type Language } from '../../platform/i18n/i18n.ts';
import { createViewEnvironment } from '../../platform/views/views.ts';
import { AGENCY_KINDS, type AgencyContact } from './catalogue.model.ts';
import type { AgencyRow, ServiceRow } from './catalogue.repository.ts';
import type { Catalogue, Reference } from './catalogue.service.ts';
import { parseSearchInput } from './search-input.ts';
import { servicesPageView } from './services-page.ts';
import { feeText, type LooseTranslate, messages, startHref } from './view-helpers.ts';

const CodeParams = Type.Object({
  lang: LangParams.properties.lang,
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
});

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

function serviceFacts(t: LooseTranslate, lang: Language, service: ServiceRow) {
  const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text: capitalised(text) } });
  const days = service.processingDays;
  return [
    row('catalogue.service.audience', service.audience.map((a) => t(`catalogue.audience.${a}`)).join(', ')),
    row('catalogue.service.login', t(`catalogue.authLevel.long.${service.authLevel}`)),
    row(
      'catalogue.service.fee',
      feeText(lang, Number(service.fee), service.currency, t('catalogue.fee.free')),
    ),
    ...(days === null ? [] : [row('catalogue.service.time', t('catalogue.service.days', { count: days }))]),
    row('catalogue.service.channels', service.channels.map((c) => t(`catalogue.channel.${c}`)).join(', ')),
    row('catalogue.service.kind', t(`catalogue.kind.${service.kind}`)),
  ];
}

function agencyContacts(t: LooseTranslate, lang: Language, agency: AgencyRow) {
  const contact: AgencyContact = agency.contact ?? {};
  const link = (href: string, text: string) => ({
    html: `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`,
  });
  return [
    agency.website && {
      key: { text: t('catalogue.agency.website') },
      value: link(agency.website, agency.website),
    },
    contact.phone && {
      key: { text: t('catalogue.agency.phone') },
      value: link(`tel:${contact.phone.replace(/[^+0-9]/g, '')}`, contact.phone),
    },
    contact.email && {
      key: { text: t('catalogue.agency.email') },
      value: link(`mailto:${contact.email}`, contact.email),
    },
    contact.address && {
      key: { text: t('catalogue.agency.address') },
      value: { text: contact.address[lang] },
    },
  ].filter(Boolean);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function agencyGroups(lang: Language, ref: Reference) {
  return AGENCY_KINDS.map((kind) => ({
    kind,
    agencies: ref.agencies
      .filter((a) => a.kind === kind)
      .map((a) => ({ ...a, services: ref.serviceCounts.agencies.get(a.code) ?? 0 }))
      .sort((a, b) => a.name[lang].localeCompare(b.name[lang], lang)),
  })).filter((g) => g.agencies.length > 0);
}

/** What the home page shows from the catalogue. */
export async function homeSections(catalogue: Catalogue, lang: Language) {
  const [ref, popular] = await Promise.all([catalogue.reference(), catalogue.popular()]);
  const byServices = [...ref.agencies].sort(
    (a, b) => (ref.serviceCounts.agencies.get(b.code) ?? 0) - (ref.serviceCounts.agencies.get(a.code) ?? 0),
  );
  return {
    popular,
    categories: ref.categories.map((c) => ({
      ...c,
      services: ref.serviceCounts.categories.get(c.code) ?? 0,
    })),
    agencies: byServices.slice(0, 10),
    agencyCount: ref.agencies.length,
    serviceCount: [...ref.serviceCounts.agencies.values()].reduce((a, b) => a + b, 0),
    lang,
  };
}

// Renders page fragments outside the layout (the shell adds header, CSRF token and nonce per request).
const fragments = createViewEnvironment({ watch: false });

export function registerPages(app: FastifyInstance, catalogue: Catalogue): void {
  app.get('/:lang/services', { schema: { hide: true, params: LangParams } }, async (request, reply) => {
    const ref = await catalogue.reference();
    const known = { agencies: ref.agencyByCode, categories: ref.categoryByCode };
    const { query, problems } = parseSearchInput(
      request.query as Record<string, unknown>,
      request.lang,
      known,
    );
    const unusable = problems.some((p) => p.parameter === 'q');
    const result = unusable ? undefined : await catalogue.search(query);
    const lang = request.lang;
    // The content depends only on the query and the language, so its HTML is cached with the results.
    const content = await catalogue.cached(`page:${lang}:${JSON.stringify([query, problems])}`, async () =>
      fragments.render('catalogue/views/services-content.njk', {
        lang,
        t: messages(lang),
        ...servicesPageView(messages(lang), lang, ref, query, problems, result),
      }),
    );
    return reply
      .code(problems.length > 0 ? 400 : 200)
      .page('catalogue/views/services.njk', { content, query, hasProblems: problems.length > 0 });
  });

  app.get('/:lang/services/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const service = await catalogue.publicService(code);
    if (!service) return sendErrorPage(request, reply, 'notFound');
    const ref = await catalogue.reference();
    const lang = request.lang;
    const t = messages(lang);
    return reply.page('catalogue/views/service.njk', {
      service,
      agency: ref.agencyByCode.get(service.agencyCode),
      categories: service.categories.flatMap((c) => ref.categoryByCode.get(c) ?? []),
      facts: serviceFacts(t, lang, service),
      description: (service.description?.[lang] ?? '').split(/\n\s*\n/).filter((p) => p.trim()),
      documents: service.documents?.[lang] ?? [],
      needsLogin: service.authLevel !== 'none' && !request.viewer,
      startHref: startHref(lang, service.code, service.authLevel, request.viewer),
    });
  });

  app.get('/:lang/agencies', { schema: { hide: true, params: LangParams } }, async (request, reply) => {
    const ref = await catalogue.reference();
    const serviceCount = [...ref.serviceCounts.agencies.values()].reduce((a, b) => a + b, 0);
    return reply.page('catalogue/views/agencies.njk', {
      groups: agencyGroups(request.lang, ref),
      agencyCount: formatNumber(request.lang, ref.agencies.length),
      serviceCount: formatNumber(request.lang, serviceCount),
    });
  });

  app.get('/:lang/agencies/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const ref = await catalogue.reference();
    const agency = ref.agencyByCode.get(code);
    if (!agency) return sendErrorPage(request, reply, 'notFound');
    return reply.page('catalogue/views/agency.njk', {
      agency,
      contacts: agencyContacts(messages(request.lang), request.lang, agency),
      services: await catalogue.agencyServices(code),
    });
  });
}
