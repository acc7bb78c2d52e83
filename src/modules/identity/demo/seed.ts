import crypto from 'node:crypto';
import type { Seeder } from '../../../platform/db/seed.ts';
import { insertGrant, setPasscode, updateAccount } from '../accounts.repository.ts';
import { registerOrganisations, registerRepresentatives } from '../identity.tables.ts';
import { hashPasscode } from '../passcode.ts';
import { addPeopleToRegister } from '../provisioning.ts';
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSCODE,
  DEMO_RESIDENTS,
  DEMO_STAFF,
  type DemoPerson,
  type DemoStaff,
} from './demo-accounts.ts';
import { generateOrganisations, generatePeople } from './generate.ts';

const isStaff = (p: DemoPerson | DemoStaff): p is DemoStaff => 'role' in p;

const SIZES = { demo: { people: 10_000, companies: 500 }, test: { people: 200, companies: 20 } };

/** Deterministic ids, so that re-seeding another database gives the same people the same ids. */
function idFor(kind: string, key: string): string {
  const hex = crypto.createHash('sha256').update(`egov-demo:${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const identitySeeder: Seeder = {
  name: 'identity:register-and-demo-accounts',
  async run({ database, clock, profile }) {
    const { db } = database;
    const size = SIZES[profile];
    const now = clock.now();
    const handMade = [...DEMO_RESIDENTS, ...DEMO_STAFF];
    const taken = new Set(handMade.flatMap((p) => [p.fin, p.cardNumber]));
    const generated = generatePeople(size.people, 20160101, taken);
    const organisations = generateOrganisations(size.companies, generated.length, 20160102, taken);
    // One hash shared by every demo account: 10,000 scrypt hashes would take minutes, and these are public anyway.
    const demoHash = await hashPasscode(DEMO_PASSCODE);
    await db.transaction(async (tx) => {
      const all = [...handMade.map(({ account: _a, ...p }) => p), ...generated].map((p) => ({
        id: idFor('person', p.fin),
        fin: p.fin,
        cardNumber: p.cardNumber,
        firstName: p.firstName,
        lastName: p.lastName,
        patronymic: p.patronymic,
        birthDate: p.birthDate,
        phone: p.phone,
        email: p.email,
        cardValidUntil: p.cardValidUntil,
      }));
      await addPeopleToRegister(tx, all);
      const orgRows = [
        ...DEMO_ORGANISATIONS.map((o) => ({
          id: idFor('org', o.taxNumber),
          kind: o.kind,
          taxNumber: o.taxNumber,
          name: o.name,
        })),
        ...organisations.map((o) => ({
          id: idFor('org', o.taxNumber),
          kind: o.kind,
          taxNumber: o.taxNumber,
          name: o.name,
        })),
      ];
      await tx.insert(registerOrganisations).values(orgRows);
      const reps = [
        ...DEMO_ORGANISATIONS.map((o) => ({
          organisationId: idFor('org', o.taxNumber),
          personId: idFor('person', o.representative),
          capacity: o.capacity,
        })),
        ...organisations.flatMap((o) =>
          o.representatives.map((r) => ({
            organisationId: idFor('org', o.taxNumber),
            personId: idFor('person', (generated[r.person] as { fin: string }).fin),
            capacity: r.capacity,
          })),
        ),
      ];
      for (let i = 0; i < reps.length; i += 1000)
        await tx.insert(registerRepresentatives).values(reps.slice(i, i + 1000));
      for (const person of handMade.filter((p) => p.account) as (DemoPerson | DemoStaff)[]) {
        const { account } = await setPasscode(tx, idFor('person', person.fin), demoHash, now);
        if (isStaff(person)) {
          await updateAccount(tx, account.id, { totpSecret: person.totpSecret, totpConfirmedAt: now });
          await insertGrant(
            tx,
            account.id,
            { role: person.role, ...(person.agencyCode ? { agencyCode: person.agencyCode } : {}) },
            null,
            now,
          );
        }
      }
    });
  },
};
