import { Ajv, type ValidateFunction } from 'ajv';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { ApplicationDefinition, ServiceDefinition, StoredDefinition } from './definition.model.ts';
import { pageProblems } from './pages.ts';
import { serviceDefinitions } from './services.tables.ts';
import { FILE_REF_SCHEMA } from './uploads.ts';

const text3 = {
  type: 'object',
  required: ['az', 'en', 'ru'],
  properties: { az: { type: 'string' }, en: { type: 'string' }, ru: { type: 'string' } },
};
const name = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' };

const LOOKUP_KEYS = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    required: ['name', 'label', 'pattern', 'maxLength', 'error'],
    properties: { name, label: text3, hint: text3, pattern: { type: 'string' }, error: text3 },
  },
};

// The shape of every definition kind (docs/services.md); checked on every save.
const DEFINITION_SCHEMA = {
  type: 'object',
  required: ['kind'],
  oneOf: [
    {
      properties: {
        kind: { const: 'lookup' },
        dataset: { type: 'string', minLength: 1 },
        keys: { ...LOOKUP_KEYS, minItems: 1 },
        result: text3,
        notFound: text3,
      },
      required: ['dataset', 'keys', 'result', 'notFound'],
    },
    {
      properties: {
        kind: { const: 'application' },
        schema: { type: 'object', required: ['type', 'properties'] },
        fields: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['name', 'type', 'label'], properties: { name, label: text3 } },
        },
        workflow: {
          type: 'object',
          required: ['deadlineWorkingDays'],
          properties: { deadlineWorkingDays: { type: 'integer', minimum: 1, maximum: 365 } },
        },
        decision: { type: 'object', required: ['title'], properties: { title: text3 } },
      },
      required: ['schema', 'fields', 'workflow', 'decision'],
    },
    {
      properties: {
        kind: { const: 'external' },
        note: text3,
        keys: LOOKUP_KEYS,
        endpoint: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            // https only; plain http only to this machine (an agency simulator in demo and tests).
            url: {
              type: 'string',
              pattern: '^(https://|http://(127\\.0\\.0\\.1|localhost)[:/])',
              maxLength: 500,
            },
            timeoutMs: { type: 'integer', minimum: 100, maximum: 30_000 },
            retries: { type: 'integer', minimum: 0, maximum: 5 },
          },
        },
      },
      required: ['note'],
    },
    {
      properties: {
        kind: { const: 'reference' },
        note: text3,
        document: {
          type: 'object',
          required: ['title', 'fields'],
          additionalProperties: false,
          properties: {
            title: text3,
            dataset: { type: 'string', minLength: 1 },
            fields: {
              type: 'array',
              maxItems: 40,
              items: {
                type: 'object',
                required: ['label', 'value'],
                properties: { label: text3, value: { oneOf: [{ type: 'string' }, text3] } },
              },
            },
            statement: text3,
          },
        },
      },
      required: ['note'],
    },
  ],
};

export const ajv = new Ajv({ allErrors: true, strict: false });
const checkShape = ajv.compile(DEFINITION_SCHEMA);

/** Problems that keep a definition from being saved (empty when it is valid). */
export function definitionProblems(definition: unknown): string[] {
  if (!checkShape(definition))
    return (checkShape.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
  const def = definition as unknown as ServiceDefinition;
  const problems: string[] = [];
  if (def.kind === 'lookup' || def.kind === 'external')
    for (const key of def.keys ?? [])
      try {
        new RegExp(key.pattern);
      } catch {
        problems.push(`/keys/${key.name} pattern is not a regular expression`);
      }
  if (def.kind === 'application') {
    try {
      ajv.compile(def.schema);
    } catch (error) {
      problems.push(`/schema ${(error as Error).message}`);
    }
    for (const field of def.fields)
      if (!(field.name in def.schema.properties)) problems.push(`/fields/${field.name} is not in the schema`);
    problems.push(...pageProblems(def));
  }
  return problems;
}

export class DefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid service definition: ${problems.join('; ')}`);
  }
}

/** Saves a new version (validated first); the live version switches on commit. */
export async function saveDefinition(
  tx: Tx | Db,
  entry: { code: string; agencyCode: string; definition: ServiceDefinition },
  at: Date,
): Promise<number> {
  const problems = definitionProblems(entry.definition);
  if (problems.length > 0) throw new DefinitionError(problems);
  const [last] = await tx
    .select({ version: serviceDefinitions.version })
    .from(serviceDefinitions)
    .where(eq(serviceDefinitions.code, entry.code))
    .orderBy(desc(serviceDefinitions.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  await tx.insert(serviceDefinitions).values({
    code: entry.code,
    version,
    kind: entry.definition.kind,
    agencyCode: entry.agencyCode,
    definition: entry.definition as unknown as Record<string, unknown>,
    savedAt: at,
  });
  cache.delete(entry.code);
  return version;
}

// Definitions change rarely and lookups are hot: a short cache keeps a lookup to one indexed read.
const CACHE_MS = 5_000;
const cache = new Map<string, { until: number; value: StoredDefinition | undefined }>();

export async function loadDefinition(db: Db | Tx, code: string): Promise<StoredDefinition | undefined> {
  const now = Date.now();
  const hit = cache.get(code);
  if (hit && hit.until > now) return hit.value;
  const [row] = await db
    .select()
    .from(serviceDefinitions)
    .where(eq(serviceDefinitions.code, code))
    .orderBy(desc(serviceDefinitions.version))
    .limit(1);
  const value = row
    ? {
        code: row.code,
        version: row.version,
        agencyCode: row.agencyCode,
        definition: row.definition as unknown as ServiceDefinition,
      }
    : undefined;
  if (cache.size > 5000) cache.clear();
  cache.set(code, { until: now + CACHE_MS, value });
  return value;
}

export async function definitionVersion(db: Db, code: string, version: number) {
  const [row] = await db
    .select()
    .from(serviceDefinitions)
    .where(and(eq(serviceDefinitions.code, code), eq(serviceDefinitions.version, version)));
  return row;
}

/** File fields hold the reference to a stored upload, whatever the definition's schema says of them. */
function withFileRefs(definition: ApplicationDefinition) {
  const properties = { ...definition.schema.properties };
  for (const field of definition.fields) if (field.type === 'file') properties[field.name] = FILE_REF_SCHEMA;
  return { ...definition.schema, properties };
}

const validators = new Map<string, ValidateFunction>();
/** The compiled validator of one definition version (compiled once per process). */
export function validatorFor(stored: StoredDefinition): ValidateFunction {
  const key = `${stored.code}@${stored.version}`;
  let validate = validators.get(key);
  if (!validate) {
    if (stored.definition.kind !== 'application') throw new Error('not an application');
    validate = ajv.compile(withFileRefs(stored.definition));
    validators.set(key, validate);
  }
  return validate;
}
