import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { tsaRoutes } from './tsa.routes.ts';
import { verifyRoutes } from './verify.routes.ts';
import { verifyApiRoutes } from './verify-api.routes.ts';

/** E-signatures: CAdES/PAdES signing, the timestamp authority, verification and /verify. */
export async function signaturesModule(app: FastifyInstance): Promise<void> {
  tsaRoutes(app);
  await verifyRoutes(app);
  verifyApiRoutes(app);
}

export type * from './contract.ts';
export { documentByCode, documentsOfApplication, groupCode, storeDocument } from './documents.ts';
export { verifyPdf } from './pdf.ts';
export {
  completeBrowserSignature,
  prepareBrowserSignature,
  SigningUnavailable,
  signDetached,
  signPdf,
} from './sign.ts';
export { verifyDetached } from './verify.ts';
