import type { Language } from '../../platform/i18n/i18n.ts';

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
  type: 'text' | 'textarea' | 'date' | 'number' | 'select' | 'radios';
  label: Text3;
  hint?: Text3;
  options?: { value: string; label: Text3 }[];
  /** Shown and required only when another field has this value (conditional question). */
  showIf?: { field: string; equals: string };
  /** Message when the answer is missing or wrong; generic messages otherwise. */
  error?: Text3;
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
  workflow: { deadlineWorkingDays: number };
  decision: { title: Text3 };
}

/** An e-reference or an external service: started here, carried out by the agency's own systems. */
export interface RedirectDefinition {
  kind: 'reference' | 'external';
  note: Text3;
}

export type ServiceDefinition = LookupDefinition | ApplicationDefinition | RedirectDefinition;

export interface StoredDefinition {
  code: string;
  version: number;
  agencyCode: string;
  definition: ServiceDefinition;
}
