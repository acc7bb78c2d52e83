import { type TSchema, Type } from 'typebox';
import {
  AGENCY_KINDS,
  AUDIENCES,
  AUTH_LEVELS,
  CHANNELS,
  SERVICE_KINDS,
  STATUSES,
} from './catalogue.model.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const LocalisedSchema = Type.Object(
  { az: Type.String(), en: Type.String(), ru: Type.String() },
  { description: 'The same text in Azerbaijani, English and Russian' },
);
const LocalisedListSchema = Type.Object({
  az: Type.Array(Type.String()),
  en: Type.Array(Type.String()),
  ru: Type.Array(Type.String()),
});

export const CategorySchema = Type.Object({
  code: Type.String({ examples: ['labour'] }),
  name: LocalisedSchema,
  services: Type.Integer({ description: 'published services in this category' }),
});

export const AgencySchema = Type.Object({
  code: Type.String({ examples: ['MLSPP'] }),
  name: LocalisedSchema,
  kind: literals(AGENCY_KINDS),
  website: nullable(Type.String()),
  contact: nullable(
    Type.Object({
      phone: Type.Optional(Type.String()),
      email: Type.Optional(Type.String()),
      address: Type.Optional(LocalisedSchema),
    }),
  ),
  services: Type.Integer({ description: 'published services of this agency' }),
});

export const ServiceSummarySchema = Type.Object({
  code: Type.String({ examples: ['MLSPP-0002'] }),
  agency: Type.String(),
  kind: literals(SERVICE_KINDS),
  authLevel: literals(AUTH_LEVELS),
  name: LocalisedSchema,
  summary: nullable(LocalisedSchema),
  categories: Type.Array(Type.String()),
  audience: Type.Array(literals(AUDIENCES)),
  fee: Type.Number(),
  currency: Type.String(),
  processingDays: nullable(Type.Integer()),
  score: Type.Number({ description: 'relevance; higher is better (0 without a query)' }),
});

export const ServiceSchema = Type.Object({
  code: Type.String(),
  agency: Type.String(),
  kind: literals(SERVICE_KINDS),
  authLevel: literals(AUTH_LEVELS),
  name: LocalisedSchema,
  summary: nullable(LocalisedSchema),
  description: nullable(LocalisedSchema),
  categories: Type.Array(Type.String()),
  audience: Type.Array(literals(AUDIENCES)),
  channels: Type.Array(literals(CHANNELS)),
  fee: Type.Number(),
  currency: Type.String(),
  processingDays: nullable(Type.Integer()),
  documents: nullable(LocalisedListSchema),
  url: nullable(Type.String()),
  status: literals(STATUSES),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ServicesQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'words to search for, in any of the three languages' }),
  ),
  agency: Type.Optional(Type.String({ maxLength: 40, description: 'agency code, e.g. MLSPP' })),
  category: Type.Optional(Type.String({ maxLength: 40, description: 'category code, e.g. labour' })),
  kind: Type.Optional(literals(SERVICE_KINDS)),
  authLevel: Type.Optional(literals(AUTH_LEVELS)),
  audience: Type.Optional(literals(AUDIENCES)),
  sort: Type.Optional(literals(['relevance', 'name'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const ServicesPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  limit: Type.Integer(),
  match: Type.Union([Type.Literal('all'), Type.Literal('words'), Type.Literal('similar')], {
    description: 'all: no query; words: every word found; similar: no exact match, similar names (a typo)',
  }),
  items: Type.Array(ServiceSummarySchema),
});

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  parameter: Type.Optional(Type.String()),
});
