import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { accountRoutes } from './account.routes.ts';
import { certificateLoginRoutes } from './certificate-login.routes.ts';
import type { CertificateDirectory } from './certificate-login.service.ts';
import { createIdentityContext } from './context.ts';
import { registerDeniedAudit } from './denied.ts';
import { loginRoutes } from './login.routes.ts';
import { passcodeRoutes } from './passcode.routes.ts';
import { deleteDeadSessions } from './sessions.repository.ts';
import { staffRoutes } from './staff.routes.ts';
import { registerViewerHook } from './viewer.ts';

/**
 * People, accounts, passcodes, sessions and staff roles. Sets request.viewer for every route of the
 * portal (platform/http/auth.ts), so it is registered without encapsulation.
 */
export async function identityModule(
  app: FastifyInstance,
  options: { certificates?: CertificateDirectory } = {},
): Promise<void> {
  const context = createIdentityContext(app.platform);
  registerViewerHook(app);
  registerDeniedAudit(app, context);
  loginRoutes(app, context);
  if (options.certificates) {
    await app.register(fastifyStatic, {
      root: path.join(path.dirname(fileURLToPath(import.meta.url)), 'static'),
      prefix: '/identity/static/',
      decorateReply: false,
      maxAge: '1d',
      index: false,
    });
    certificateLoginRoutes(app, context, options.certificates);
  }
  passcodeRoutes(app, context);
  accountRoutes(app, context);
  staffRoutes(app, context);
  // No job runner yet: sessions dead for a week are swept at start-up.
  app.addHook('onReady', async () => {
    await deleteDeadSessions(context.db, context.clock.now()).catch((error: Error) =>
      app.log.warn({ err: { message: error.message } }, 'could not sweep old sessions'),
    );
  });
}
// Like fastify-plugin: the viewer hook must reach the routes of every other module.
(identityModule as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export { recentSms } from './activation.repository.ts';
export type { CertificateDirectory } from './certificate-login.service.ts';
export { residentContact } from './contact.ts';
export { personSummary, raiseSessionLevel, recordStaffDataView } from './data-view.ts';
export { DEMO_PASSCODE, DEMO_RESIDENTS, DEMO_STAFF } from './demo/demo-accounts.ts';
export { identitySeeder } from './demo/seed.ts';
export { registerOrganisations, registerPeople } from './identity.tables.ts';
export { officersOfAgency } from './officers.ts';
export { hashPasscode } from './passcode.ts';
export {
  addPeopleToRegister,
  type NewPerson,
  provisionAccount,
  stateStructureOfAgency,
} from './provisioning.ts';
export {
  findPersonByFin,
  findPersonById,
  normaliseCardNumber,
  normaliseFin,
  organisationsRepresentedBy,
  type Person,
} from './register.ts';
export { grantRoleFromCli } from './staff.service.ts';
export { totpCode } from './totp.ts';
