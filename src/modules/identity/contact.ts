import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { ResidentContact } from '../notifications/index.ts';
import { identityAccounts, registerPeople } from './identity.tables.ts';

/**
 * How to reach a person and what they chose in their account: the addresses come from the population
 * register (never typed in by the person), the choice from the account (both channels until they choose).
 */
export async function residentContact(db: Db | Tx, personId: string): Promise<ResidentContact | undefined> {
  const [row] = await db
    .select({
      email: registerPeople.email,
      phone: registerPeople.phone,
      byEmail: identityAccounts.notifyByEmail,
      bySms: identityAccounts.notifyBySms,
    })
    .from(registerPeople)
    .leftJoin(identityAccounts, eq(identityAccounts.personId, registerPeople.id))
    .where(eq(registerPeople.id, personId));
  if (!row) return undefined;
  return { email: row.email, phone: row.phone, byEmail: row.byEmail ?? true, bySms: row.bySms ?? true };
}
