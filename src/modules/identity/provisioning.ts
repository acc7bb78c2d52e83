import crypto from 'node:crypto';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { RoleGrant } from '../../platform/http/auth.ts';
import { insertGrant, setPasscode, updateAccount } from './accounts.repository.ts';
import { registerPeople } from './identity.tables.ts';

/**
 * Direct provisioning for the demo seeder, the CLI and test factories. Residents get their passcodes through
 * passcode.service (activation codes, audited and counted); this is the back door for data that already exists.
 */
export type NewPerson = Omit<typeof registerPeople.$inferInsert, 'id'> & { id?: string };

export async function addPeopleToRegister(db: Db | Tx, people: NewPerson[]): Promise<string[]> {
  const rows = people.map((p) => ({ ...p, id: p.id ?? crypto.randomUUID() }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(registerPeople).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}

export async function provisionAccount(
  db: Db | Tx,
  input: { personId: string; passcodeHash: string; roles?: RoleGrant[]; totpSecret?: string },
  at: Date,
): Promise<string> {
  const { account } = await setPasscode(db, input.personId, input.passcodeHash, at);
  if (input.totpSecret)
    await updateAccount(db, account.id, { totpSecret: input.totpSecret, totpConfirmedAt: at });
  for (const grant of input.roles ?? []) await insertGrant(db, account.id, grant, null, at);
  return account.id;
}
