import type { ErrorObject } from 'ajv';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { ApplicationDefinition, FormField, StoredDefinition } from './definition.model.ts';
import { validatorFor } from './definitions.ts';
import { tr } from './messages.ts';
import { isFileRef } from './uploads.ts';

export interface FieldError {
  field: string;
  text: string;
}

const MAX_VALUE = 10_000;

/**
 * Turns posted form values into the data the schema describes: only the definition's fields are read
 * (unexpected fields are ignored, never stored), empty answers are absent, hidden conditional answers dropped.
 */
export function readForm(
  definition: ApplicationDefinition,
  body: Record<string, unknown>,
  fields: FormField[] = definition.fields,
) {
  const data: Record<string, unknown> = {};
  const malformed: string[] = [];
  for (const field of fields) {
    // Files come as uploads (uploads.ts), never as text.
    if (field.type === 'file') continue;
    const raw = body[field.name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string' || raw.length > MAX_VALUE) {
      malformed.push(field.name);
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    data[field.name] =
      field.type === 'number' && /^-?\d{1,12}(\.\d{1,4})?$/.test(value) ? Number(value) : value;
  }
  return { data, malformed };
}

/** Hidden conditional answers are dropped, across pages: a parent changed on page one clears page two's. */
export function dropHidden(definition: ApplicationDefinition, data: Record<string, unknown>) {
  for (const field of definition.fields)
    if (field.showIf && data[field.showIf.field] !== field.showIf.equals) delete data[field.name];
  return data;
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
}

function messageFor(field: FormField | undefined, error: ErrorObject, lang: Language): string {
  if (field?.error) return field.error[lang];
  const t = tr(lang);
  const label = field?.label[lang] ?? '';
  if (error.keyword === 'required')
    return t(field?.type === 'file' ? 'services.file.error.required' : 'services.form.error.required', {
      label,
    });
  if (error.keyword === 'maxLength' || error.keyword === 'maximum')
    return t('services.form.error.tooLong', { label });
  if (error.keyword === 'minLength' || error.keyword === 'minimum')
    return t('services.form.error.tooShort', { label });
  if (error.keyword === 'type') return t('services.form.error.type', { label });
  return t('services.form.error.invalid', { label });
}

/** Checks data against the definition's JSON Schema; one message per field, in the form's order. */
export function validateData(
  stored: StoredDefinition,
  data: Record<string, unknown>,
  lang: Language,
  options: { partial?: boolean; only?: string[] } = {},
): FieldError[] {
  const definition = stored.definition as ApplicationDefinition;
  const validate = validatorFor(stored);
  if (validate(data)) return [];
  if (options.only && options.only.length === 0) return [];
  const byField = new Map<string, FieldError>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    // A draft may be incomplete, never wrong: missing answers are fine, wrong ones are not saved.
    if (options.partial && error.keyword === 'required') continue;
    const name = fieldOf(error);
    // One page of a multi-page form: only its own questions are checked.
    if (options.only && !options.only.includes(name)) continue;
    const field = definition.fields.find((f) => f.name === name);
    if (!byField.has(name)) byField.set(name, { field: name, text: messageFor(field, error, lang) });
  }
  const order = definition.fields.map((f) => f.name);
  return [...byField.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** Questions and answers as the check-your-answers page and the officer read them. */
export function answers(definition: ApplicationDefinition, data: Record<string, unknown>, lang: Language) {
  return definition.fields
    .filter((f) => data[f.name] !== undefined)
    .map((f) => {
      const raw = data[f.name];
      if (f.type === 'file' && isFileRef(raw))
        return {
          name: f.name,
          label: f.label[lang],
          value: `${raw.name} (${fileSize(raw.size, lang)})`,
          file: raw,
        };
      const value = String(raw);
      const option = f.options?.find((o) => o.value === value);
      return {
        name: f.name,
        label: f.label[lang],
        value: option ? option.label[lang] : value,
        file: undefined,
      };
    });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A summary-list value: text, or for a file its name and size with a download link. */
export function answerValue(
  answer: { value: string; file?: { id: string } },
  lang: Language,
  fileHref?: (id: string) => string,
) {
  if (!answer.file || !fileHref) return { text: answer.value };
  const link = tr(lang)('services.file.download');
  return {
    html: `${escapeHtml(answer.value)} <a class="govuk-link" href="${escapeHtml(fileHref(answer.file.id))}" download>${escapeHtml(link)}<span class="govuk-visually-hidden"> ${escapeHtml(answer.value)}</span></a>`,
  };
}

/** A file size as people read it: "420 KB", "1.2 MB". */
export function fileSize(bytes: number, lang: Language): string {
  const t = tr(lang);
  if (bytes < 1024 * 1024) return t('services.file.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('services.file.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

/** Adds working days (Monday to Friday) to a date: the deadline of an application. */
export function addWorkingDays(from: Date, days: number): Date {
  const date = new Date(from);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return date;
}
