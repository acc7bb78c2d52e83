import { formatDate, type Language } from '../../platform/i18n/i18n.ts';
import { tr } from './messages.ts';
import type { DocumentLayout } from './render.ts';

type Text3 = Record<Language, string>;

/** What an e-reference definition says its document contains (docs/services.md, "reference"). */
export interface ReferenceDocumentSpec {
  title: Text3;
  /** A registry dataset keyed by the person's FIN; without it the document holds register data only. */
  dataset?: string;
  /** Each value is a template (one for all languages, or one per language): `{person.fullName}`, `{column}`. */
  fields: { label: Text3; value: string | Text3 }[];
  statement?: Text3;
}

export interface PersonFacts {
  fin: string;
  firstName: string;
  lastName: string;
  patronymic: string | null;
  birthDate: string;
}

interface Common {
  lang: Language;
  agencyName: string;
  portalName: string;
  timeZone: string;
  at: Date;
  verifyAddress: string;
}

function date(lang: Language, value: Date | string, zone: string): string {
  const at = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return Number.isNaN(at.getTime()) ? String(value) : formatDate(lang, at, zone, { dateStyle: 'long' });
}

function footer(common: Common, code: { printed: string; url: string }) {
  const t = tr(common.lang);
  return {
    code: code.printed,
    verifyUrl: code.url,
    footer: [
      `${t('documents.pdf.code')}: ${code.printed}`,
      t('documents.pdf.verify', { url: common.verifyAddress }),
      t('documents.pdf.sealed', {
        agency: common.agencyName,
        date: date(common.lang, common.at, common.timeZone),
      }),
    ],
  };
}

/** The values a reference's templates may use: the person's register entry and the dataset row. */
export function referenceValues(
  person: PersonFacts,
  row: Record<string, string> | undefined,
  lang: Language,
  zone: string,
) {
  const fullName = [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(' ');
  return {
    ...(row ?? {}),
    'person.fullName': fullName,
    'person.firstName': person.firstName,
    'person.lastName': person.lastName,
    'person.patronymic': person.patronymic ?? '',
    'person.fin': person.fin,
    'person.birthDate': date(lang, person.birthDate, zone),
  } as Record<string, string>;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z0-9_.]+)\}/g, (_m, name: string) => values[name] ?? '');
}

/** The rows an e-reference shows, in the reader's language (also listed on the start page before issuing). */
export function referenceRows(spec: ReferenceDocumentSpec, values: Record<string, string>, lang: Language) {
  const t = tr(lang);
  return [
    { label: t('documents.pdf.person'), value: values['person.fullName'] ?? '' },
    { label: t('documents.pdf.fin'), value: values['person.fin'] ?? '' },
    { label: t('documents.pdf.birthDate'), value: values['person.birthDate'] ?? '' },
    ...spec.fields.map((f) => ({
      label: f.label[lang],
      value: fill(typeof f.value === 'string' ? f.value : f.value[lang], values),
    })),
  ];
}

export function referenceLayout(
  common: Common,
  spec: ReferenceDocumentSpec,
  values: Record<string, string>,
): (code: { printed: string; url: string }) => DocumentLayout {
  const t = tr(common.lang);
  const rows = referenceRows(spec, values, common.lang);
  rows.push({ label: t('documents.pdf.issued'), value: date(common.lang, common.at, common.timeZone) });
  return (code) => ({
    lang: common.lang,
    issuer: common.agencyName,
    title: spec.title[common.lang],
    subject: spec.title[common.lang],
    intro: t('documents.pdf.referenceIntro'),
    rows,
    paragraphs: spec.statement ? [fill(spec.statement[common.lang], values)] : [],
    portalName: common.portalName,
    issuedAt: common.at,
    ...footer(common, code),
  });
}

export interface DecisionFacts {
  number: string;
  serviceName: string;
  decisionTitle: string;
  approved: boolean;
  reason: string;
  submittedAt: Date | null;
}

/** The decision document: the officer's role and agency are printed, never the officer's name. */
export function decisionLayout(
  common: Common,
  facts: DecisionFacts,
  person: PersonFacts,
): (code: { printed: string; url: string }) => DocumentLayout {
  const t = tr(common.lang);
  const values = referenceValues(person, undefined, common.lang, common.timeZone);
  const title = t('documents.pdf.decisionTitle', { number: facts.number });
  return (code) => ({
    lang: common.lang,
    issuer: common.agencyName,
    title,
    subject: facts.decisionTitle,
    intro: facts.decisionTitle,
    rows: [
      { label: t('documents.pdf.application'), value: facts.number },
      { label: t('documents.pdf.service'), value: facts.serviceName },
      { label: t('documents.pdf.person'), value: values['person.fullName'] ?? '' },
      { label: t('documents.pdf.fin'), value: person.fin },
      ...(facts.submittedAt
        ? [
            {
              label: t('documents.pdf.submitted'),
              value: date(common.lang, facts.submittedAt, common.timeZone),
            },
          ]
        : []),
      {
        label: t('documents.pdf.decision'),
        value: facts.approved ? t('documents.pdf.approved') : t('documents.pdf.rejected'),
      },
      { label: t('documents.pdf.reason'), value: facts.reason },
      {
        label: t('documents.pdf.decidedBy'),
        value: t('documents.pdf.officer', { agency: common.agencyName }),
      },
      { label: t('documents.pdf.decisionDate'), value: date(common.lang, common.at, common.timeZone) },
    ],
    portalName: common.portalName,
    issuedAt: common.at,
    ...footer(common, code),
  });
}
