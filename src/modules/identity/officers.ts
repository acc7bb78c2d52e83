import type { Db, Tx } from '../../platform/db/client.ts';
import { listGrants } from './accounts.repository.ts';
import { displayName } from './register.ts';

/** The officers of an agency (accounts with its agency_officer role), by name, for assigning work. */
export async function officersOfAgency(
  db: Db | Tx,
  agencyCode: string,
): Promise<{ accountId: string; name: string }[]> {
  const grants = await listGrants(db, agencyCode);
  return grants
    .filter((g) => g.role === 'agency_officer')
    .map((g) => ({
      accountId: g.accountId,
      name: displayName({ firstName: g.firstName, lastName: g.lastName }),
    }));
}
