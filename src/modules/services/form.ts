import type { ErrorObject } from 'ajv';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { ApplicationDefinition, FormField, StoredDefinition } from './definition.model.ts';
import { validatorFor } from './definitions.ts';
import { tr } from './messages.ts';

export interface FieldError {
  field: string;
  text: string;
}

const MAX_VALUE = 10_000;

/**
 * Turns posted form values into the data the schema describes: only the definition's fields are read
 * (unexpected fields are ignored, never stored), empty answers are absent, hidden conditional answers dropped.
 */
export function readForm(definition: ApplicationDefinition, body: Record<string, unknown>) {
  const data: Record<string, unknown> = {};
  const malformed: string[] = [];
  for (const field of definition.fields) {
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
  for (const field of definition.fields)
    if (field.showIf && data[field.showIf.field] !== field.showIf.equals) delete data[field.name];
  return { data, malformed };
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
  if (error.keyword === 'required') return t('services.form.error.required', { label });
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
  options: { partial?: boolean } = {},
): FieldError[] {
  const definition = stored.definition as ApplicationDefinition;
  const validate = validatorFor(stored);
  if (validate(data)) return [];
  const byField = new Map<string, FieldError>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    // A draft may be incomplete, never wrong: missing answers are fine, wrong ones are not saved.
    if (options.partial && error.keyword === 'required') continue;
    const name = fieldOf(error);
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
      const value = String(data[f.name]);
      const option = f.options?.find((o) => o.value === value);
      return { name: f.name, label: f.label[lang], value: option ? option.label[lang] : value };
    });
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
