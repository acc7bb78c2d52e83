import crypto from 'node:crypto';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { RoleGrant } from '../../platform/http/auth.ts';
import { insertGrant, setPasscode, updateAccount } from './accounts.repository.ts';
import { registerOrganisations, registerPeople } from './identity.tables.ts';

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

/**
 * The state structure an agency of the catalogue seals documents as (id `agency:<CODE>`), added to the
 * register on first use: the catalogue's agencies are not in the tax register. Used by the documents module.
 */
export async function stateStructureOfAgency(db: Db | Tx, agency: { code: string; name: string }) {
  const id = `agency:${agency.code}`;
  const digits = BigInt(`0x${crypto.createHash('sha256').update(id).digest('hex').slice(0, 12)}`);
  const taxNumber = `99${String(digits % 100_000_000n).padStart(8, '0')}`;
  await db
    .insert(registerOrganisations)
    .values({ id, kind: 'state', taxNumber, name: agency.name })
    .onConflictDoNothing();
  return id;
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
