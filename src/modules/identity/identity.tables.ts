import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The population register (kept by the Ministry of Internal Affairs). The portal only reads it;
 * here it is a local copy so that the demo and the tests are self-contained.
 */
export const registerPeople = pgTable(
  'register_people',
  {
    id: text('id').primaryKey(),
    /** Personal identification code: 7 letters and digits, printed on the identity card. */
    fin: text('fin').notNull(),
    cardNumber: text('card_number').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    patronymic: text('patronymic'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: text('phone'),
    email: text('email'),
    cardValidUntil: date('card_valid_until', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('register_people_fin_idx').on(t.fin),
    uniqueIndex('register_people_card_idx').on(t.cardNumber),
  ],
);

/** Legal entities (VÖEN tax number) and state structures, from the tax and state registers. */
export const registerOrganisations = pgTable(
  'register_organisations',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<'legal' | 'state'>().notNull(),
    /** VÖEN: 10 digits. */
    taxNumber: text('tax_number').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('register_organisations_tax_idx').on(t.taxNumber)],
);

/** Who is registered to represent an organisation (director, authorised person). */
export const registerRepresentatives = pgTable(
  'register_representatives',
  {
    organisationId: text('organisation_id').notNull(),
    personId: text('person_id').notNull(),
    capacity: text('capacity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.personId] }),
    index('register_representatives_person_idx').on(t.personId),
  ],
);

/** A portal account: one per person, created when the first passcode is set. */
export const identityAccounts = pgTable(
  'identity_accounts',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    /** `scrypt$N$r$p$salt$hash`: the parameters travel with each hash so they can be raised later. */
    passcodeHash: text('passcode_hash').notNull(),
    passcodeSetAt: timestamp('passcode_set_at', { withTimezone: true }).notNull(),
    failedCount: integer('failed_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Base32 TOTP secret (RFC 6238); mandatory before a staff role is usable. */
    totpSecret: text('totp_secret'),
    totpConfirmedAt: timestamp('totp_confirmed_at', { withTimezone: true }),
    /** The last TOTP time step accepted, so a code cannot be replayed. */
    totpLastStep: integer('totp_last_step'),
    notifyByEmail: boolean('notify_by_email').notNull().default(true),
    notifyBySms: boolean('notify_by_sms').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('identity_accounts_person_idx').on(t.personId)],
);

export const identityRoleGrants = pgTable(
  'identity_role_grants',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    role: text('role').notNull(),
    /** Catalogue agency code (MLSPP, SSAC, ...) for agency-scoped roles; plain text by design. */
    agencyCode: text('agency_code'),
    grantedBy: text('granted_by'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('identity_role_grants_account_idx').on(t.accountId)],
);

export const identitySessions = pgTable(
  'identity_sessions',
  {
    id: text('id').primaryKey(),
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    accountId: text('account_id').notNull(),
    level: text('level').$type<'substantial' | 'high'>().notNull(),
    /** True when the login passed the TOTP second factor; staff roles apply only then. */
    secondFactor: boolean('second_factor').notNull().default(false),
    actingForId: text('acting_for_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** A coarse description (browser family, platform) so the owner recognises the session. */
    device: text('device').notNull().default(''),
  },
  (t) => [
    uniqueIndex('identity_sessions_token_idx').on(t.tokenHash),
    index('identity_sessions_account_idx').on(t.accountId),
  ],
);

/** A passcode login waiting for its second factor (staff). */
export const identityLoginChallenges = pgTable(
  'identity_login_challenges',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: text('account_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    next: text('next'),
  },
  (t) => [index('identity_login_challenges_account_idx').on(t.accountId)],
);

/** One-time codes that let a person set a passcode: from a service centre or by SMS. */
export const identityActivationCodes = pgTable(
  'identity_activation_codes',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    channel: text('channel').$type<'centre' | 'sms'>().notNull(),
    /** Keyed hash of the code; the code itself is shown or sent once. */
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    issuedBy: text('issued_by'),
  },
  (t) => [index('identity_activation_codes_person_idx').on(t.personId, t.createdAt)],
);

/**
 * A nonce for a login with a certificate (challenge-response): single use (deleted when used), 5 minutes.
 * Only the nonce's SHA-256 is kept, so a copy of the table cannot answer a challenge in flight.
 */
export const identityCertificateChallenges = pgTable(
  'identity_certificate_challenges',
  {
    nonceHash: text('nonce_hash').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('identity_certificate_challenges_expiry_idx').on(t.expiresAt)],
);
