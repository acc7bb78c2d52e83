import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A text in each of the portal's languages. */
export interface Localised {
  az: string;
  en: string;
  ru: string;
}
export interface LocalisedList {
  az: string[];
  en: string[];
  ru: string[];
}
export interface AgencyContact {
  phone?: string;
  email?: string;
  address?: Localised;
}

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const catalogueCategories = pgTable('catalogue_categories', {
  code: text('code').primaryKey(),
  name: jsonb('name').$type<Localised>().notNull(),
  position: integer('position').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const catalogueAgencies = pgTable('catalogue_agencies', {
  code: text('code').primaryKey(),
  name: jsonb('name').$type<Localised>().notNull(),
  kind: text('kind').notNull(),
  website: text('website'),
  contact: jsonb('contact').$type<AgencyContact>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const catalogueServices = pgTable(
  'catalogue_services',
  {
    code: text('code').primaryKey(),
    agencyCode: text('agency_code')
      .notNull()
      .references(() => catalogueAgencies.code),
    kind: text('kind').notNull(),
    name: jsonb('name').$type<Localised>().notNull(),
    summary: jsonb('summary').$type<Localised>(),
    description: jsonb('description').$type<Localised>(),
    authLevel: text('auth_level').notNull(),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    audience: text('audience').array().notNull().default(sql`'{}'::text[]`),
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    fee: numeric('fee', { precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull().default('AZN'),
    processingDays: integer('processing_days'),
    documents: jsonb('documents').$type<LocalisedList>(),
    /** For external services: the agency's own page the start button leads to. */
    url: text('url'),
    status: text('status').notNull().default('published'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('catalogue_services_agency_idx').on(t.agencyCode, t.status),
    index('catalogue_services_categories_idx').using('gin', t.categories),
  ],
);

/**
 * The search document of one service in one language, rewritten whenever the service changes:
 * name (weight A), summary (B), description and documents (C), all normalised, plus the normalised
 * name for trigram (typo) matching.
 */
export const catalogueSearch = pgTable(
  'catalogue_search',
  {
    serviceCode: text('service_code')
      .notNull()
      .references(() => catalogueServices.code, { onDelete: 'cascade' }),
    lang: text('lang').notNull(),
    document: tsvector('document').notNull(),
    normalised: text('normalised').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceCode, t.lang] }),
    index('catalogue_search_document_idx').using('gin', t.document),
    index('catalogue_search_trgm_idx').using('gin', t.normalised.op('gin_trgm_ops')),
    // Browsing by name reads a page in this order instead of sorting the whole catalogue.
    index('catalogue_search_name_idx').on(t.lang, t.normalised, t.serviceCode),
  ],
);
