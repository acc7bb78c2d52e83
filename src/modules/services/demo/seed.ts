import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { catalogueServices } from '../../../platform/db/schema.ts';
import type { Seeder } from '../../../platform/db/seed.ts';
import type { Viewer } from '../../../platform/http/auth.ts';
import { pseudonym } from '../../../platform/secret.ts';
import { submitApplication } from '../applications.service.ts';
import { replaceDataset } from '../datasets.ts';
import { saveDefinition } from '../definitions.ts';
import { claimApplication, decideApplication } from '../workflow.ts';
import { demoApplications } from './applications.ts';
import { examResults, genericRecords, phoneDirectory, portedNumbers } from './datasets.ts';
import { generatedDefinition, NAMED_DEFINITIONS } from './definitions.ts';
import { residenceRegistrations } from './references.ts';

async function seedDefinitions(db: Db, at: Date) {
  const services = await db
    .select({
      code: catalogueServices.code,
      kind: catalogueServices.kind,
      agency: catalogueServices.agencyCode,
    })
    .from(catalogueServices);
  await db.transaction(async (tx) => {
    for (const service of services)
      await saveDefinition(
        tx,
        {
          code: service.code,
          agencyCode: service.agency,
          definition: NAMED_DEFINITIONS[service.code] ?? generatedDefinition(service.kind),
        },
        at,
      );
  });
}

async function seedDatasets(db: Db, profile: 'demo' | 'test', at: Date) {
  const small = profile === 'test';
  const sets = [
    {
      name: 'ssac-exam-results',
      agencyCode: 'SSAC',
      keyColumns: ['applicantCode', 'secret'],
      records: examResults(small ? 200 : 20_000),
    },
    {
      name: 'mcht-mnp',
      agencyCode: 'MCHT',
      keyColumns: ['phone'],
      records: portedNumbers(small ? 50 : 5_000),
    },
    {
      name: 'mcht-phone-directory',
      agencyCode: 'MCHT',
      keyColumns: ['phone'],
      records: phoneDirectory(small ? 30 : 1_000),
    },
    { name: 'generic-records', agencyCode: 'MCHT', keyColumns: ['reference'], records: genericRecords() },
    {
      name: 'refdoc-residence',
      agencyCode: 'REFDOC',
      keyColumns: ['fin'],
      records: residenceRegistrations(),
    },
  ];
  for (const set of sets) await replaceDataset(db, set, at);
}

async function accountOf(db: Db, secret: string, fin: string): Promise<Viewer | undefined> {
  const result = await db.execute(sql`
    select a.id as "accountId", p.id as "personId", p.first_name || ' ' || p.last_name as name
    from identity_accounts a join register_people p on p.id = a.person_id where p.fin = ${fin}`);
  const row = (result as unknown as { rows: { accountId: string; personId: string; name: string }[] })
    .rows[0];
  if (!row) return undefined;
  return {
    accountId: row.accountId,
    personId: row.personId,
    displayName: row.name,
    sessionId: 'seed',
    pseudonym: pseudonym(secret, 'account', row.accountId),
    level: 'substantial',
    roles: [],
  };
}

/** Applications in every state, for the demo officers of MLSPP and SSAC (docs/demo-accounts.md). */
async function seedApplications(db: Db, secret: string, start: Date) {
  let at = new Date(start.getTime() - 10 * 86_400_000);
  for (const demo of demoApplications()) {
    const resident = await accountOf(db, secret, demo.fin);
    const officer = await accountOf(db, secret, demo.officerFin);
    if (!resident || !officer) continue;
    at = new Date(at.getTime() + 3_600_000);
    const outcome = await submitApplication(
      db,
      {
        viewer: resident,
        serviceCode: demo.service,
        submissionKey: demo.key,
        lang: 'az',
        channel: 'web',
        data: demo.data,
      },
      at,
    );
    if (outcome.kind !== 'submitted' || !demo.step) continue;
    const claimed = await claimApplication(db, officer, outcome.application, new Date(at.getTime() + 60_000));
    if (!claimed.ok || demo.step === 'claim') continue;
    await decideApplication(
      db,
      officer,
      claimed.application,
      { action: demo.step, reason: demo.reason ?? '' },
      new Date(at.getTime() + 120_000),
    );
  }
}

export const servicesSeeder: Seeder = {
  name: 'services',
  async run({ database, clock, profile, secret }) {
    const { db } = database;
    const at = clock.now();
    await seedDefinitions(db, at);
    await seedDatasets(db, profile, at);
    const [exists] = await db
      .select()
      .from(catalogueServices)
      .where(eq(catalogueServices.code, 'MLSPP-0002'));
    if (exists) await seedApplications(db, secret, at);
  },
};
