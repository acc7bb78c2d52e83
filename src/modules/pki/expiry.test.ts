import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createResident, loginAs, type TestPerson } from '../../../test/helpers/identity.ts';
import { ensureTestCa } from '../../../test/helpers/pki.ts';
import { identityAccounts } from '../identity/identity.tables.ts';
import { outbox, renderMessage } from '../notifications/index.ts';
import { queueExpiryReminders } from './expiry.ts';
import { OpenSsl } from './openssl.test-helper.ts';
import { pkiCertificates } from './pki.tables.ts';

describe('certificate expiry reminders', () => {
  let t: TestApp;
  let ssl: OpenSsl;
  let resident: TestPerson;
  let serial: string;

  before(async () => {
    t = await buildTestApp();
    ssl = new OpenSsl();
    await ensureTestCa(t);
    resident = await createResident(t.database);
    const browser = await loginAs(t.app, resident);
    await browser.get('/en/pki/certificates');
    const res = await browser.post('/en/pki/certificates', { type: 'person', csr: ssl.csr('holder') });
    assert.equal(res.statusCode, 303, res.body);
    serial = /issued=([0-9a-f]+)/.exec(String(res.headers.location))?.[1] ?? '';
  });
  after(async () => {
    ssl.close();
    await t.close();
  });

  const reminders = async () =>
    (await t.database.db.select().from(outbox)).filter((m) => m.template === 'certificate.expiry');

  it('says nothing while the certificate has more than 30 days left', async () => {
    await queueExpiryReminders(t.database.db, t.clock.now());
    assert.equal((await reminders()).length, 0);
  });

  it('reminds once, on the channels the holder chose, 30 days ahead', async () => {
    await t.database.db
      .update(identityAccounts)
      .set({ notifyByEmail: false })
      .where(eq(identityAccounts.personId, resident.personId));
    const [certificate] = await t.database.db
      .select()
      .from(pkiCertificates)
      .where(eq(pkiCertificates.serial, serial));
    const notAfter = certificate?.notAfter as Date;
    const monthBefore = new Date(notAfter.getTime() - 29 * 86_400_000);
    await queueExpiryReminders(t.database.db, monthBefore);
    await queueExpiryReminders(t.database.db, new Date(monthBefore.getTime() + 3_600_000));
    const queued = await reminders();
    assert.deepEqual(
      queued.map((m) => m.channel),
      ['sms'],
      'one message, by SMS only (email switched off), however often the job runs',
    );
    const text = renderMessage(
      'certificate.expiry',
      'az',
      queued[0]?.data ?? {},
      'https://e-gov.example',
    ).text;
    assert.ok(text.includes(serial));
    assert.ok(text.includes(notAfter.toISOString().slice(0, 10)));
    assert.ok(text.includes('https://e-gov.example/az/pki/certificates'));
  });

  it('does not remind about a revoked or an expired certificate', async () => {
    const db = t.database.db;
    await db.delete(outbox).where(eq(outbox.template, 'certificate.expiry'));
    const [certificate] = await db.select().from(pkiCertificates).where(eq(pkiCertificates.serial, serial));
    const notAfter = certificate?.notAfter as Date;
    await queueExpiryReminders(db, new Date(notAfter.getTime() + 1000));
    await db
      .update(pkiCertificates)
      .set({ revokedAt: t.clock.now() })
      .where(eq(pkiCertificates.serial, serial));
    await queueExpiryReminders(db, new Date(notAfter.getTime() - 86_400_000));
    assert.equal((await reminders()).length, 0);
  });
});
