import type { AgencyContact, Localised, LocalisedList } from './catalogue.tables.ts';

export type { AgencyContact, Localised, LocalisedList };

export const AGENCY_KINDS = ['ministry', 'committee', 'service', 'agency', 'commission', 'company'] as const;
export const SERVICE_KINDS = ['lookup', 'application', 'reference', 'external'] as const;
export const AUTH_LEVELS = ['none', 'passcode', 'esignature'] as const;
export const AUDIENCES = ['residents', 'businesses', 'state-bodies'] as const;
export const CHANNELS = ['web', 'sms', 'api', 'mobile'] as const;
export const STATUSES = ['draft', 'published', 'retired'] as const;

export type AgencyKind = (typeof AGENCY_KINDS)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type AuthLevel = (typeof AUTH_LEVELS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type ServiceChannel = (typeof CHANNELS)[number];
export type ServiceStatus = (typeof STATUSES)[number];

export const CODE_PATTERNS = {
  category: /^[a-z][a-z0-9-]{1,39}$/,
  agency: /^[A-Z][A-Z0-9_-]{1,19}$/,
  service: /^[A-Z0-9][A-Z0-9_-]{1,39}$/,
} as const;

/** The identifier of the import/export format; files without it are read as this version. */
export const FORMAT = 'egov-catalogue/1';

export interface CategoryEntry {
  code: string;
  name: Localised;
  position?: number;
}

export interface AgencyEntry {
  code: string;
  name: Localised;
  kind: AgencyKind;
  website?: string;
  contact?: AgencyContact;
}

export interface ServiceEntry {
  code: string;
  agency: string;
  kind: ServiceKind;
  name: Localised;
  authLevel: AuthLevel;
  categories: string[];
  summary?: Localised;
  description?: Localised;
  audience?: Audience[];
  channels?: ServiceChannel[];
  fee?: number;
  currency?: string;
  processingDays?: number;
  documents?: LocalisedList;
  url?: string;
  status?: ServiceStatus;
  /** Written by export; on import the portal keeps its own count. */
  version?: number;
}

/** The import/export file (docs/catalogue-format.md). */
export interface CatalogueFile {
  format?: string;
  generatedAt?: string;
  licence?: string;
  categories?: CategoryEntry[];
  agencies?: AgencyEntry[];
  services?: ServiceEntry[];
}

/** A valid service with every default applied: what the repository stores and compares. */
export interface ServiceRecord {
  code: string;
  agency: string;
  kind: ServiceKind;
  name: Localised;
  authLevel: AuthLevel;
  categories: string[];
  summary: Localised | null;
  description: Localised | null;
  audience: Audience[];
  channels: ServiceChannel[];
  fee: number;
  currency: string;
  processingDays: number | null;
  documents: LocalisedList | null;
  url: string | null;
  status: ServiceStatus;
}

export interface AgencyRecord {
  code: string;
  name: Localised;
  kind: AgencyKind;
  website: string | null;
  contact: AgencyContact | null;
}

export interface CategoryRecord {
  code: string;
  name: Localised;
  position: number;
}
