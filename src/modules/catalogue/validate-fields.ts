import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import type { AgencyContact, Localised, LocalisedList } from './catalogue.model.ts';

export type ProblemCode =
  | 'required'
  | 'invalid'
  | 'tooLong'
  | 'oneOf'
  | 'unknownReference'
  | 'duplicate'
  | 'unknownField';

/** One thing wrong in an import file or form: which entry, which field, why. */
export interface ImportProblem {
  entry: string;
  field: string;
  code: ProblemCode;
  reason: string;
}

export function describeProblem(problem: ImportProblem): string {
  return `${problem.entry}, field "${problem.field}": ${problem.reason}`;
}

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Without the u flag these see UTF-16 units: a lone surrogate cannot be stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /(?![\n\r\t])\p{Cc}/u;
const CONTROL_OR_NEWLINE = /\p{Cc}/u;

interface TextRule {
  max: number;
  multiline?: boolean;
}

/** Reads the fields of one entry, collecting every problem instead of stopping at the first. */
export class FieldReader {
  constructor(
    private readonly problems: ImportProblem[],
    readonly entry: string,
    readonly source: Obj,
    private readonly prefix = '',
  ) {}

  problem(field: string, code: ProblemCode, reason: string): void {
    this.problems.push({ entry: this.entry, field: `${this.prefix}${field}`, code, reason });
  }

  allowOnly(fields: readonly string[]): void {
    for (const key of Object.keys(this.source))
      if (!fields.includes(key)) this.problem(key, 'unknownField', 'is not a field of this entry');
  }

  private checkString(field: string, value: unknown, rule: TextRule): string | undefined {
    if (typeof value !== 'string') {
      this.problem(field, 'invalid', 'must be a text');
      return undefined;
    }
    const text = value.trim();
    if (LONE_SURROGATE.test(text)) this.problem(field, 'invalid', 'is not valid Unicode text');
    else if ((rule.multiline ? CONTROL : CONTROL_OR_NEWLINE).test(text))
      this.problem(field, 'invalid', 'contains control characters');
    else if (text.length > rule.max) this.problem(field, 'tooLong', `is longer than ${rule.max} characters`);
    else return text;
    return undefined;
  }

  text(
    field: string,
    rule: TextRule & { required?: boolean },
    value = this.source[field],
  ): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (rule.required) this.problem(field, 'required', 'missing');
      return undefined;
    }
    const text = this.checkString(field, value, rule);
    if (text === '' && rule.required) this.problem(field, 'required', 'missing');
    return text || undefined;
  }

  code(pattern: RegExp, hint: string): string | undefined {
    const code = this.text('code', { max: 40, required: true });
    if (code !== undefined && !pattern.test(code)) {
      this.problem('code', 'invalid', `must look like ${hint}`);
      return undefined;
    }
    return code;
  }

  /** A text in all three languages; a missing language is named. */
  localised(field: string, rule: TextRule & { required?: boolean }): Localised | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) {
      if (rule.required) this.problem(field, 'required', 'missing');
      return undefined;
    }
    if (!isObject(value)) {
      this.problem(field, 'invalid', 'must be an object with "az", "en" and "ru" texts');
      return undefined;
    }
    for (const key of Object.keys(value))
      if (!(LANGUAGES as readonly string[]).includes(key))
        this.problem(`${field}.${key}`, 'unknownField', 'is not a language of the portal (az, en, ru)');
    const result: Partial<Localised> = {};
    for (const lang of LANGUAGES)
      result[lang] = this.text(`${field}.${lang}`, { ...rule, required: true }, value[lang]);
    return result.az && result.en && result.ru ? (result as Localised) : undefined;
  }

  oneOf<T extends string>(field: string, values: readonly T[], required: boolean): T | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) {
      if (required) this.problem(field, 'required', 'missing');
      return undefined;
    }
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    this.problem(field, 'oneOf', `must be one of ${values.join(', ')} (given ${JSON.stringify(value)})`);
    return undefined;
  }

  /** A list of distinct strings, each from `values` (or matching `pattern`). */
  list<T extends string>(
    field: string,
    allowed: { values?: readonly T[]; pattern?: RegExp },
    required: boolean,
  ): T[] | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) {
      if (required) this.problem(field, 'required', 'missing');
      return undefined;
    }
    if (!Array.isArray(value) || value.length > 50) {
      this.problem(field, 'invalid', 'must be a list (at most 50 items)');
      return undefined;
    }
    const items: T[] = [];
    value.forEach((item, i) => {
      const ok =
        typeof item === 'string' &&
        (allowed.values ? (allowed.values as readonly string[]).includes(item) : allowed.pattern?.test(item));
      if (!ok) {
        const expected = allowed.values ? `one of ${allowed.values.join(', ')}` : 'a code';
        this.problem(`${field}[${i}]`, 'oneOf', `must be ${expected} (given ${JSON.stringify(item)})`);
      } else if (!items.includes(item as T)) items.push(item as T);
    });
    return items;
  }

  number(field: string, rule: { min: number; max: number; integer?: boolean }): number | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) return undefined;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= rule.min &&
      value <= rule.max &&
      (rule.integer ? Number.isInteger(value) : Math.round(value * 100) === value * 100);
    if (ok) return value;
    const kind = rule.integer ? 'a whole number' : 'a number with at most 2 decimals';
    this.problem(field, 'invalid', `must be ${kind} from ${rule.min} to ${rule.max}`);
    return undefined;
  }

  url(field: string, value = this.source[field]): string | undefined {
    const text = this.text(field, { max: 500 }, value);
    if (text === undefined) return undefined;
    try {
      if (['http:', 'https:'].includes(new URL(text).protocol)) return text;
    } catch {
      // reported below
    }
    this.problem(field, 'invalid', 'must be an http or https address');
    return undefined;
  }

  localisedList(field: string): LocalisedList | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.problem(field, 'invalid', 'must be an object with "az", "en" and "ru" lists of texts');
      return undefined;
    }
    const result = { az: [], en: [], ru: [] } as LocalisedList;
    for (const lang of LANGUAGES) {
      const list = value[lang];
      if (!Array.isArray(list) || list.length > 50) {
        this.problem(
          `${field}.${lang}`,
          list === undefined ? 'required' : 'invalid',
          'must be a list of texts',
        );
        continue;
      }
      list.forEach((item, i) => {
        const text = this.text(`${field}.${lang}[${i}]`, { max: 300, required: true }, item);
        if (text) result[lang].push(text);
      });
    }
    return result;
  }

  contact(field: string): AgencyContact | undefined {
    const value = this.source[field];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.problem(field, 'invalid', 'must be an object with phone, email and address');
      return undefined;
    }
    const inner = new FieldReader(this.problems, this.entry, value, `${this.prefix}${field}.`);
    inner.allowOnly(['phone', 'email', 'address']);
    const phone = inner.text('phone', { max: 50 });
    if (phone && !/^[+0-9 ()-]{3,50}$/.test(phone))
      inner.problem('phone', 'invalid', 'must be a phone number');
    const email = inner.text('email', { max: 200 });
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      inner.problem('email', 'invalid', 'must be an e-mail address');
    const address = inner.localised('address', { max: 500 });
    return { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(address ? { address } : {}) };
  }
}
