import type { Language } from '../../platform/i18n/i18n.ts';
import type { ReferenceDocumentSpec } from '../documents/index.ts';

export type Text3 = Record<Language, string>;

export interface LookupKey {
  name: string;
  label: Text3;
  hint?: Text3;
  /** A regular expression the whole value must match. */
  pattern: string;
  maxLength: number;
  error: Text3;
}

export interface LookupDefinition {
  kind: 'lookup';
  dataset: string;
  keys: LookupKey[];
  /** `{column}` placeholders are replaced by the row's values. */
  result: Text3;
  notFound: Text3;
}

export interface FormField {
  name: string;
  type: 'text' | 'textarea' | 'date' | 'number' | 'select' | 'radios' | 'file';
  label: Text3;
  hint?: Text3;
  options?: { value: string; label: Text3 }[];
  /** Shown and required only when another field has this value (conditional question). */
  showIf?: { field: string; equals: string };
  /** Message when the answer is missing or wrong; generic messages otherwise. */
  error?: Text3;
  /** File fields: the allowed types (decided by the content, see uploads.ts) and the size limit (<= 10 MB). */
  accept?: string[];
  maxBytes?: number;
}

/** One question page of a multi-page form; every field is on exactly one page. */
export interface FormPage {
  name: string;
  title: Text3;
  fields: string[];
}

export interface ApplicationDefinition {
  kind: 'application';
  /** JSON Schema (draft 7 subset) of the data: ajv validates every save and submit. */
  schema: {
    type: 'object';
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
    additionalProperties: false;
  };
  fields: FormField[];
  /** Without pages the form is one page. */
  pages?: FormPage[];
  workflow: { deadlineWorkingDays: number };
  decision: { title: Text3 };
}

/**
 * An e-reference. With a `document` it is issued here as a signed PDF (docs/services.md); without one, the
 * start page shows the note.
 */
export interface RedirectDefinition {
  kind: 'reference';
  note: Text3;
  document?: ReferenceDocumentSpec;
}

/**
 * A service answered by the agency's own system: the portal asks the questions (`keys`, checked like a
 * lookup's), calls `endpoint` with an HMAC-signed request and shows the answer. Without an endpoint, the start
 * page shows the note.
 */
export interface ExternalDefinition {
  kind: 'external';
  note: Text3;
  keys?: LookupKey[];
  endpoint?: { url: string; timeoutMs?: number; retries?: number };
}

export type ServiceDefinition =
  | LookupDefinition
  | ApplicationDefinition
  | RedirectDefinition
  | ExternalDefinition;

export interface StoredDefinition {
  code: string;
  version: number;
  agencyCode: string;
  definition: ServiceDefinition;
}
