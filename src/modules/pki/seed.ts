import { loadConfig } from '../../config.ts';
import type { Seeder } from '../../platform/db/seed.ts';
import { DEMO_RESIDENTS, findPersonByFin, organisationsRepresentedBy } from '../identity/index.ts';
import { initHierarchy, loadCa } from './ca.ts';
import { publishCrl } from './crl.service.ts';
import { buildCertificate } from './issue.ts';
import { generateKeyPair } from './keys.ts';
import { markRevoked } from './pki.repository.ts';
import { recordIssued } from './pki.service.ts';
import { type CertSubjectType, subjectName } from './profiles.ts';
import { x509 } from './x509.ts';

/** The demo hierarchy, and certificates for the demo residents: two persons, a company, a state structure. */
export const pkiSeeder: Seeder = {
  name: 'pki',
  async run({ database, clock, profile }) {
    // Seeders get no Config; the CA needs the passphrase and the public URL, read the one allowed way.
    const config = loadConfig();
    const now = clock.now();
    const { db } = database;
    await initHierarchy(db, {
      publicUrl: config.publicUrl,
      passphrase: config.caPassphrase,
      now,
      keys: profile === 'test' ? 'fast' : 'standard',
    });
    const ca = await loadCa(db, config.caPassphrase, config.publicUrl);
    if (!ca) return;
    const wanted: { fin: string; type: CertSubjectType; revoke?: boolean }[] = [
      { fin: DEMO_RESIDENTS[0]?.fin ?? '', type: 'person' },
      { fin: DEMO_RESIDENTS[0]?.fin ?? '', type: 'legal' },
      { fin: DEMO_RESIDENTS[1]?.fin ?? '', type: 'person', revoke: true },
      { fin: DEMO_RESIDENTS[1]?.fin ?? '', type: 'state' },
    ];
    await db.transaction(async (tx) => {
      for (const item of wanted) {
        const person = await findPersonByFin(tx, item.fin);
        if (!person) continue;
        const organisation = (await organisationsRepresentedBy(tx, person.id)).find(
          (o) => o.kind === item.type,
        );
        if (item.type !== 'person' && !organisation) continue;
        const keys = await generateKeyPair('P-256');
        const facts = {
          type: item.type,
          firstName: person.firstName,
          lastName: person.lastName,
          fin: person.fin,
          organisationName: organisation?.name,
          taxNumber: organisation?.taxNumber,
          unit: item.type === 'state' ? 'Rəqəmsal xidmətlər şöbəsi' : undefined,
        };
        const publicKey = await x509.PublicKey.create(keys.publicKey);
        const cert = await buildCertificate(ca, {
          type: item.type,
          subject: subjectName(facts),
          publicKey,
          now,
        });
        await recordIssued(tx, now, cert, {
          type: item.type,
          holder: person.id,
          organisationId: organisation?.id,
        });
        if (item.revoke) await markRevoked(tx, cert.serialNumber.toLowerCase(), now, 4);
      }
      await publishCrl(tx, ca, now);
    });
  },
};
