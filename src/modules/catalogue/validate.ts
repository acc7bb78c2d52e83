import {
  AGENCY_KINDS,
  type AgencyRecord,
  AUDIENCES,
  AUTH_LEVELS,
  type CategoryRecord,
  CHANNELS,
  CODE_PATTERNS,
  FORMAT,
  SERVICE_KINDS,
  type ServiceRecord,
  STATUSES,
} from './catalogue.model.ts';
import { describeProblem, FieldReader, type ImportProblem, isObject } from './validate-fields.ts';

export { describeProblem, type ImportProblem } from './validate-fields.ts';

/** Codes that exist already; a file may also refer to agencies and categories it defines itself. */
export interface References {
  agencies: Set<string>;
  categories: Set<string>;
}

export interface ValidCatalogue {
  categories: CategoryRecord[];
  agencies: AgencyRecord[];
  services: ServiceRecord[];
}

const SHOWN_PROBLEMS = 50;
const MAX_ENTRIES = 100_000;

/** Nothing was imported: every problem found, each naming its entry, field and reason. */
export class CatalogueImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${describeProblem(p)}`);
    const more =
      problems.length > SHOWN_PROBLEMS ? [`  ... and ${problems.length - SHOWN_PROBLEMS} more`] : [];
    super([`The catalogue was not imported (${problems.length} problems):`, ...shown, ...more].join('\n'));
    this.name = 'CatalogueImportError';
  }
}

const SERVICE_FIELDS = [
  'code',
  'agency',
  'kind',
  'name',
  'authLevel',
  'categories',
  'summary',
  'description',
  'audience',
  'channels',
  'fee',
  'currency',
  'processingDays',
  'documents',
  'url',
  'status',
  'version',
] as const;

export function readCategory(r: FieldReader): CategoryRecord | undefined {
  r.allowOnly(['code', 'name', 'position']);
  const code = r.code(CODE_PATTERNS.category, '"labour" (lower case letters, digits, hyphens)');
  const name = r.localised('name', { max: 200, required: true });
  const position = r.number('position', { min: 0, max: 10000, integer: true });
  return code && name ? { code, name, position: position ?? 0 } : undefined;
}

export function readAgency(r: FieldReader): AgencyRecord | undefined {
  r.allowOnly(['code', 'name', 'kind', 'website', 'contact']);
  const code = r.code(CODE_PATTERNS.agency, '"MLSPP" (capital letters and digits)');
  const name = r.localised('name', { max: 300, required: true });
  const kind = r.oneOf('kind', AGENCY_KINDS, true);
  const website = r.url('website');
  const contact = r.contact('contact');
  if (!code || !name || !kind) return undefined;
  const hasContact = contact && Object.keys(contact).length > 0;
  return { code, name, kind, website: website ?? null, contact: hasContact ? contact : null };
}

function readReferences(r: FieldReader, references: References) {
  const agency = r.text('agency', { max: 40, required: true });
  if (agency && !references.agencies.has(agency))
    r.problem('agency', 'unknownReference', `unknown agency "${agency}"`);
  const categories = r.list('categories', { pattern: CODE_PATTERNS.category }, true);
  categories?.forEach((category, i) => {
    if (!references.categories.has(category))
      r.problem(`categories[${i}]`, 'unknownReference', `unknown category "${category}"`);
  });
  return { agency, categories };
}

export function readService(r: FieldReader, references: References): ServiceRecord | undefined {
  r.allowOnly(SERVICE_FIELDS);
  const code = r.code(CODE_PATTERNS.service, '"MLSPP-0001" (capital letters, digits, hyphens)');
  const { agency, categories } = readReferences(r, references);
  const kind = r.oneOf('kind', SERVICE_KINDS, true);
  const name = r.localised('name', { max: 300, required: true });
  const authLevel = r.oneOf('authLevel', AUTH_LEVELS, true);
  const summary = r.localised('summary', { max: 1000 });
  const description = r.localised('description', { max: 20000, multiline: true });
  const audience = r.list('audience', { values: AUDIENCES }, false);
  const channels = r.list('channels', { values: CHANNELS }, false);
  const fee = r.number('fee', { min: 0, max: 1_000_000 });
  const currency = r.text('currency', { max: 3 });
  if (currency && !/^[A-Z]{3}$/.test(currency))
    r.problem('currency', 'invalid', 'must be a three-letter currency code such as AZN');
  const processingDays = r.number('processingDays', { min: 0, max: 3650, integer: true });
  const documents = r.localisedList('documents');
  const url = r.url('url');
  const status = r.oneOf('status', STATUSES, false);
  r.number('version', { min: 1, max: 1_000_000_000, integer: true });
  if (!code || !agency || !categories || !kind || !name || !authLevel) return undefined;
  return {
    code,
    agency,
    kind,
    name,
    authLevel,
    categories,
    summary: summary ?? null,
    description: description ?? null,
    audience: audience?.length ? audience : ['residents'],
    channels: channels?.length ? channels : ['web'],
    fee: fee ?? 0,
    currency: currency ?? 'AZN',
    processingDays: processingDays ?? null,
    documents:
      documents && documents.az.length + documents.en.length + documents.ru.length ? documents : null,
    url: url ?? null,
    status: status ?? 'published',
  };
}

function readSection<T>(
  problems: ImportProblem[],
  file: Record<string, unknown>,
  section: 'categories' | 'agencies' | 'services',
  read: (r: FieldReader) => T | undefined,
): T[] {
  const list = file[section];
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > MAX_ENTRIES) {
    problems.push({ entry: section, field: section, code: 'invalid', reason: 'must be a list of entries' });
    return [];
  }
  const seen = new Set<string>();
  const records: T[] = [];
  list.forEach((raw, i) => {
    const code = isObject(raw) && typeof raw.code === 'string' ? raw.code : undefined;
    const entry = `${section}[${i}]${code ? ` "${code}"` : ''}`;
    if (!isObject(raw)) {
      problems.push({ entry, field: '(entry)', code: 'invalid', reason: 'must be an object' });
      return;
    }
    if (code && seen.has(code))
      problems.push({ entry, field: 'code', code: 'duplicate', reason: `"${code}" appears more than once` });
    if (code) seen.add(code);
    const record = read(new FieldReader(problems, entry, raw));
    if (record) records.push(record);
  });
  return records;
}

/** Checks a whole file; returns the records with defaults applied, or throws with every problem. */
export function validateCatalogue(input: unknown, existing: References): ValidCatalogue {
  const problems: ImportProblem[] = [];
  if (!isObject(input)) throw new CatalogueImportError([fileProblem('must be a JSON object')]);
  for (const key of Object.keys(input))
    if (!['format', 'generatedAt', 'licence', 'categories', 'agencies', 'services'].includes(key))
      problems.push({
        entry: '(file)',
        field: key,
        code: 'unknownField',
        reason: 'is not part of the format',
      });
  if (input.format !== undefined && input.format !== FORMAT)
    problems.push({ entry: '(file)', field: 'format', code: 'invalid', reason: `must be "${FORMAT}"` });
  const categories = readSection(problems, input, 'categories', readCategory);
  const agencies = readSection(problems, input, 'agencies', readAgency);
  const references: References = {
    agencies: new Set([...existing.agencies, ...definedCodes(input.agencies)]),
    categories: new Set([...existing.categories, ...definedCodes(input.categories)]),
  };
  const services = readSection(problems, input, 'services', (r) => readService(r, references));
  if (problems.length > 0) throw new CatalogueImportError(problems);
  return { categories, agencies, services };
}

function definedCodes(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((e) => (isObject(e) && typeof e.code === 'string' ? [e.code] : []));
}

function fileProblem(reason: string): ImportProblem {
  return { entry: '(file)', field: '(file)', code: 'invalid', reason };
}
