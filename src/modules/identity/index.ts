import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { accountRoutes } from './account.routes.ts';
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
export async function identityModule(app: FastifyInstance): Promise<void> {
  const context = createIdentityContext(app.platform);
  registerViewerHook(app);
  registerDeniedAudit(app, context);
  loginRoutes(app, context);
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

export { pendingSms } from './activation.repository.ts';
export { personSummary, raiseSessionLevel, recordStaffDataView } from './data-view.ts';
export { DEMO_PASSCODE, DEMO_RESIDENTS, DEMO_STAFF } from './demo/demo-accounts.ts';
export { identitySeeder } from './demo/seed.ts';
export { registerOrganisations, registerPeople } from './identity.tables.ts';
export { hashPasscode } from './passcode.ts';
export { addPeopleToRegister, type NewPerson, provisionAccount } from './provisioning.ts';
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
