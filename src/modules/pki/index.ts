import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import { navigation } from '../../platform/views/views.ts';
import { createPkiContext } from './context.ts';
import { queueExpiryReminders } from './expiry.ts';
import { csrUploads, holderRoutes } from './holder.routes.ts';
import { operatorRoutes } from './operator.routes.ts';
import { pkiAuthorities } from './pki.tables.ts';
import { publicRoutes } from './public.routes.ts';
import { x509 } from './x509.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Certification centre: CA hierarchy, requests and issuance, CRL, OCSP, the public repository. */
export async function pkiModule(app: FastifyInstance): Promise<void> {
  const ctx = createPkiContext(app.platform);
  if (!navigation.some((item) => item.path === '/pki'))
    navigation.push({ key: 'pki.nav' as never, path: '/pki' });
  await app.register(fastifyStatic, {
    root: path.join(here, 'static'),
    prefix: '/pki/static/',
    decorateReply: false,
    maxAge: '1d',
    index: false,
  });
  publicRoutes(app, ctx);
  await csrUploads(app);
  holderRoutes(app, ctx);
  operatorRoutes(app, ctx);
  scheduleExpiryReminders(app);
}

/** Expiry reminders once an hour while the server runs (each certificate is reminded once, by dedupe key). */
function scheduleExpiryReminders(app: FastifyInstance): void {
  const { database, clock } = app.platform;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= queueExpiryReminders(database.db, clock.now())
      .catch((error: Error) =>
        app.log.warn({ message: error.message }, 'certificate expiry reminders failed'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onListen', async () => {
    if (timer) return;
    run();
    timer = setInterval(run, 3_600_000);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}

/** The CA chain (issuing CA, then root) for verifying signatures made with our certificates. */
export async function caChain(db: Db | Tx): Promise<x509.X509Certificate[] | undefined> {
  const rows = await db.select().from(pkiAuthorities);
  const pem = (role: string) => rows.find((r) => r.role === role)?.certPem;
  const issuing = pem('issuing');
  const root = pem('root');
  return issuing && root ? [new x509.X509Certificate(issuing), new x509.X509Certificate(root)] : undefined;
}

export { type AgencySigner, agencySigner } from './agency.ts';
export { type CaMaterial, initHierarchy, loadCa } from './ca.ts';
export type { CertStatus } from './ocsp.ts';
export { certificatesWithPublicKey } from './pki.repository.ts';
export { type CertSubjectType, POLICY_OIDS } from './profiles.ts';
export { pkiSeeder } from './seed.ts';
export { certificateStatusAt } from './status.ts';
export { type TsaSigner, tsaSigner } from './tsa-certificate.ts';
