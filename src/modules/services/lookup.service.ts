import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { type Channel, type PortalEvent, recordEvent, recordEventSoon } from '../statistics/index.ts';
import { findRecord, keyOf } from './datasets.ts';
import type { LookupDefinition, Text3 } from './definition.model.ts';
import { loadDefinition } from './definitions.ts';

export interface LookupRequest {
  serviceCode: string;
  keys: Record<string, unknown>;
  lang: Language;
  channel: Channel;
  userKey: string | null;
  at: Date;
  /** Where to put the usage event instead of writing it: the caller writes the events of a group in one
   * statement of its transaction (the SMS channel answers many texts in one commit). */
  events?: PortalEvent[];
}

export type LookupOutcome =
  | { status: 'unknown' }
  | { status: 'invalid'; errors: { field: string; text: string }[] }
  | { status: 'found' | 'not_found'; text: string; data?: Record<string, string> };

/** Fills `{column}` placeholders; values come from the registry, the template from the definition. */
export function fillTemplate(template: string, data: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (_m, column: string) => data[column] ?? '');
}

export function checkKeys(
  definition: Pick<LookupDefinition, 'keys'>,
  input: Record<string, unknown>,
  lang: Language,
) {
  const errors: { field: string; text: string }[] = [];
  const values: string[] = [];
  for (const key of definition.keys) {
    const raw = input[key.name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    const ok =
      value.length > 0 && value.length <= key.maxLength && new RegExp(`^(?:${key.pattern})$`).test(value);
    if (!ok) errors.push({ field: key.name, text: (key.error as Text3)[lang] });
    values.push(value);
  }
  return { errors, key: keyOf(values) };
}

/** One lookup: validate the keys, one indexed read, one usage event (only when answered). */
export async function runLookup(db: Db | Tx, request: LookupRequest): Promise<LookupOutcome> {
  const stored = await loadDefinition(db, request.serviceCode);
  if (stored?.definition.kind !== 'lookup') return { status: 'unknown' };
  const definition = stored.definition;
  const { errors, key } = checkKeys(definition, request.keys, request.lang);
  if (errors.length > 0) return { status: 'invalid', errors };
  const data = await findRecord(db, definition.dataset, key);
  const event = {
    type: 'service_use',
    at: request.at,
    serviceCode: stored.code,
    agencyCode: stored.agencyCode,
    channel: request.channel,
    outcome: data ? 'answered' : 'not_found',
    userKey: request.userKey,
  } as const;
  // Inside a caller's transaction (the SMS channel queues its reply in it) the event joins that transaction;
  // otherwise it is committed before the answer goes out, in one commit with the lookups of the same moment.
  if (request.events) request.events.push(event);
  else if (db instanceof PgTransaction) await recordEvent(db, event);
  else await recordEventSoon(db, event);
  if (!data) return { status: 'not_found', text: definition.notFound[request.lang] };
  return { status: 'found', text: fillTemplate(definition.result[request.lang], data), data };
}

const UNKNOWN: Text3 = {
  az: 'Belə xidmət tapılmadı.',
  en: 'There is no such service.',
  ru: 'Такой услуги нет.',
};

/** The contract of the SMS channel: a plain answer in the user's language; writes the usage event itself. */
export async function answerLookup(
  db: Db | Tx,
  request: Omit<LookupRequest, 'keys'> & { keys: Record<string, string> },
): Promise<{ found: boolean; text: string }> {
  const outcome = await runLookup(db, request);
  if (outcome.status === 'unknown') return { found: false, text: UNKNOWN[request.lang] };
  if (outcome.status === 'invalid')
    return { found: false, text: outcome.errors.map((e) => e.text).join(' ') };
  return { found: outcome.status === 'found', text: outcome.text };
}
