import type { Language } from '../../platform/i18n/i18n.ts';
import type { ApplicationDefinition, FormField, FormPage } from './definition.model.ts';
import { KNOWN_TYPES, MAX_FILE_BYTES } from './uploads.ts';

const PAGE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const isText3 = (value: unknown) =>
  !!value &&
  typeof value === 'object' &&
  ['az', 'en', 'ru'].every((l) => typeof (value as Record<string, unknown>)[l] === 'string');

/** Checks on save: every page field exists, every field is on exactly one page; file limits are sane. */
export function pageProblems(definition: ApplicationDefinition): string[] {
  const problems: string[] = [];
  for (const field of definition.fields) {
    if (field.type !== 'file') continue;
    if (field.accept !== undefined)
      if (!Array.isArray(field.accept) || field.accept.length === 0)
        problems.push(`/fields/${field.name} accept must list at least one type`);
      else
        for (const type of field.accept)
          if (!KNOWN_TYPES.includes(type))
            problems.push(`/fields/${field.name} accept: ${type} is not one of ${KNOWN_TYPES.join(', ')}`);
    const max = field.maxBytes;
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > MAX_FILE_BYTES))
      problems.push(`/fields/${field.name} maxBytes must be an integer from 1 to ${MAX_FILE_BYTES}`);
  }
  const pages = definition.pages;
  if (pages === undefined) return problems;
  if (!Array.isArray(pages) || pages.length === 0) return [...problems, '/pages must list at least one page'];
  const names = new Set(definition.fields.map((f) => f.name));
  const placed = new Map<string, number>();
  const pageNames = new Set<string>();
  for (const [i, page] of pages.entries()) {
    if (typeof page?.name !== 'string' || !PAGE_NAME.test(page.name)) problems.push(`/pages/${i} bad name`);
    else if (pageNames.has(page.name)) problems.push(`/pages/${page.name} appears twice`);
    else pageNames.add(page.name);
    if (!isText3(page?.title)) problems.push(`/pages/${i} title needs az, en and ru`);
    if (!Array.isArray(page?.fields) || page.fields.length === 0) {
      problems.push(`/pages/${i} has no fields`);
      continue;
    }
    for (const name of page.fields) {
      if (!names.has(name)) problems.push(`/pages/${i} field ${String(name)} is not a field of the form`);
      placed.set(name, (placed.get(name) ?? 0) + 1);
    }
  }
  for (const name of names) {
    const count = placed.get(name) ?? 0;
    if (count !== 1) problems.push(`/fields/${name} is on ${count} pages (must be on exactly one)`);
  }
  return problems;
}

export interface ResolvedPage {
  name: string;
  title?: string;
  fields: FormField[];
}

/** The form's pages in order; a definition without pages is one page of all its fields. */
export function pagesOf(definition: ApplicationDefinition, lang: Language): ResolvedPage[] {
  const pages: FormPage[] = definition.pages ?? [
    { name: 'main', title: undefined as never, fields: definition.fields.map((f) => f.name) },
  ];
  return pages.map((page) => ({
    name: page.name,
    title: page.title?.[lang],
    fields: page.fields
      .map((name) => definition.fields.find((f) => f.name === name))
      .filter((f): f is FormField => f !== undefined),
  }));
}

/** The page a field is asked on (the first page when the field is unknown). */
export function pageOfField(pages: ResolvedPage[], field: string): ResolvedPage {
  return pages.find((p) => p.fields.some((f) => f.name === field)) ?? (pages[0] as ResolvedPage);
}
