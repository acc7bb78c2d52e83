import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import { registerOrganisations, registerPeople, registerRepresentatives } from './identity.tables.ts';

/** Reads of the population, tax and state registers; the portal never writes them (only the demo seeder). */

export type Person = typeof registerPeople.$inferSelect;
export type Organisation = typeof registerOrganisations.$inferSelect;

/** FIN: 7 Latin capital letters and digits. Input is forgiving about case and spaces. */
export function normaliseFin(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const fin = raw.replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-Z]{7}$/.test(fin) ? fin : undefined;
}

/** Identity card numbers: the current AZE + 8 digits, or the older AA + 7 digits. */
export function normaliseCardNumber(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const card = raw.replace(/[\s-]+/g, '').toUpperCase();
  return /^(AZE\d{8}|AA\d{7})$/.test(card) ? card : undefined;
}

export async function findPersonByFin(db: Db | Tx, fin: string): Promise<Person | undefined> {
  const [person] = await db.select().from(registerPeople).where(eq(registerPeople.fin, fin)).limit(1);
  return person;
}

export async function findPersonById(db: Db | Tx, id: string): Promise<Person | undefined> {
  const [person] = await db.select().from(registerPeople).where(eq(registerPeople.id, id)).limit(1);
  return person;
}

export async function findPeopleByIds(db: Db | Tx, ids: string[]): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(registerPeople).where(inArray(registerPeople.id, ids));
  return new Map(rows.map((p) => [p.id, p]));
}

/** YYYY-MM-DD in the given time zone: identity cards expire at the end of a local day. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export function cardExpired(person: Person, at: Date, timeZone: string): boolean {
  return person.cardValidUntil < localDate(at, timeZone);
}

export type CardCheck = { ok: true; person: Person } | { ok: false; problem: 'mismatch' | 'expired' };

/**
 * The check a service-centre operator or the online form makes: FIN and card number must belong to the
 * same person. "mismatch" covers unknown FIN, unknown card and a card of someone else alike.
 */
export async function checkCard(
  db: Db | Tx,
  fin: string,
  cardNumber: string,
  at: Date,
  timeZone: string,
): Promise<CardCheck> {
  const person = await findPersonByFin(db, fin);
  if (!person || person.cardNumber !== cardNumber) return { ok: false, problem: 'mismatch' };
  if (cardExpired(person, at, timeZone)) return { ok: false, problem: 'expired' };
  return { ok: true, person };
}

export async function organisationsRepresentedBy(
  db: Db | Tx,
  personId: string,
): Promise<(Organisation & { capacity: string })[]> {
  const rows = await db
    .select({ organisation: registerOrganisations, capacity: registerRepresentatives.capacity })
    .from(registerRepresentatives)
    .innerJoin(registerOrganisations, eq(registerOrganisations.id, registerRepresentatives.organisationId))
    .where(eq(registerRepresentatives.personId, personId))
    .orderBy(registerOrganisations.name);
  return rows.map((r) => ({ ...r.organisation, capacity: r.capacity }));
}

export async function representedOrganisation(
  db: Db | Tx,
  personId: string,
  organisationId: string,
): Promise<Organisation | undefined> {
  const [row] = await db
    .select({ organisation: registerOrganisations })
    .from(registerRepresentatives)
    .innerJoin(registerOrganisations, eq(registerOrganisations.id, registerRepresentatives.organisationId))
    .where(
      and(
        eq(registerRepresentatives.personId, personId),
        eq(registerRepresentatives.organisationId, organisationId),
      ),
    )
    .limit(1);
  return row?.organisation;
}

export function displayName(person: Pick<Person, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`;
}
