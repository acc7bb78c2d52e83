import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import type { AgencyRecord, ServiceRecord } from './catalogue.model.ts';
import type { ImportProblem } from './validate.ts';

export type Form = Record<string, string | string[] | undefined>;

const text = (form: Form, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};
const list = (form: Form, name: string): string[] => [form[name] ?? []].flat().filter((v) => v !== '');

/** A text in three languages from fields name_az, name_en, name_ru; absent when all three are empty. */
function localised(form: Form, name: string) {
  const value = Object.fromEntries(LANGUAGES.map((l) => [l, text(form, `${name}_${l}`)]));
  return Object.values(value).every((v) => v === '') ? undefined : value;
}

/** Numbers as the import reads them; what is not a number stays text so validation names it. */
function numberOrText(value: string): number | string | undefined {
  if (value === '') return undefined;
  const n = Number(value.replace(',', '.'));
  return /^\d+([.,]\d+)?$/.test(value) && Number.isFinite(n) ? n : value;
}

/** The form of the service editor as an entry of the import format, so one validator serves both. */
export function serviceEntryFromForm(form: Form, code: string): Record<string, unknown> {
  const documents = Object.fromEntries(
    LANGUAGES.map((l) => [
      l,
      text(form, `documents_${l}`)
        .split(/\r?\n/)
        .map((d) => d.trim())
        .filter(Boolean),
    ]),
  );
  const hasDocuments = Object.values(documents).some((d) => d.length > 0);
  return {
    code,
    agency: text(form, 'agency'),
    kind: text(form, 'kind') || undefined,
    authLevel: text(form, 'authLevel') || undefined,
    status: text(form, 'status') || undefined,
    name: localised(form, 'name'),
    summary: localised(form, 'summary'),
    description: localised(form, 'description'),
    categories: list(form, 'categories'),
    audience: list(form, 'audience'),
    channels: list(form, 'channels'),
    fee: numberOrText(text(form, 'fee')),
    currency: text(form, 'currency') || undefined,
    processingDays: numberOrText(text(form, 'processingDays')),
    documents: hasDocuments ? documents : undefined,
    url: text(form, 'url') || undefined,
  };
}

export function agencyEntryFromForm(form: Form, code: string): Record<string, unknown> {
  const contact = {
    phone: text(form, 'phone') || undefined,
    email: text(form, 'email') || undefined,
    address: localised(form, 'address'),
  };
  return {
    code,
    name: localised(form, 'name'),
    kind: text(form, 'kind') || undefined,
    website: text(form, 'website') || undefined,
    contact: Object.values(contact).some(Boolean) ? contact : undefined,
  };
}

/** Form values from a stored service (to edit it) in the same field names the form posts. */
export function serviceFormValues(record: ServiceRecord): Form {
  const values: Form = {
    agency: record.agency,
    kind: record.kind,
    authLevel: record.authLevel,
    status: record.status,
    categories: record.categories,
    audience: record.audience,
    channels: record.channels,
    fee: String(record.fee),
    currency: record.currency,
    processingDays: record.processingDays === null ? '' : String(record.processingDays),
    url: record.url ?? '',
  };
  for (const l of LANGUAGES) {
    values[`name_${l}`] = record.name[l];
    values[`summary_${l}`] = record.summary?.[l] ?? '';
    values[`description_${l}`] = record.description?.[l] ?? '';
    values[`documents_${l}`] = (record.documents?.[l] ?? []).join('\n');
  }
  return values;
}

export function agencyFormValues(record: AgencyRecord): Form {
  const values: Form = {
    kind: record.kind,
    website: record.website ?? '',
    phone: record.contact?.phone ?? '',
    email: record.contact?.email ?? '',
  };
  for (const l of LANGUAGES) {
    values[`name_${l}`] = record.name[l];
    values[`address_${l}`] = record.contact?.address?.[l] ?? '';
  }
  return values;
}

/** "name.ru" -> name_ru, "categories[1]" -> categories, "contact.address.az" -> address_az. */
export function formField(field: string): string {
  const base = field.replace(/\[\d+\]$/, '').replace(/^contact\./, '');
  const [head, lang] = base.split('.');
  return lang ? `${head}_${lang.replace(/\[\d+\]$/, '')}` : (head ?? base);
}

export interface FormError {
  field: string;
  code: ImportProblem['code'];
}

/** One error per form field (the first), in the order the problems came. */
export function formErrors(problems: ImportProblem[]): FormError[] {
  const seen = new Set<string>();
  const errors: FormError[] = [];
  for (const p of problems) {
    const field = formField(p.field);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, code: p.code });
  }
  return errors;
}
