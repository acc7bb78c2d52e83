// Public face of notifications: other modules queue messages in their own transactions.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import './messages.ts';
import { adminRoutes } from './admin.routes.ts';
import { inboundRoutes } from './inbound.routes.ts';
import type { AnswerLookup } from './inbound.service.ts';
import { emailTransport, smsTransport, type TransportSettings } from './transports.ts';
import { createOutboxWorker } from './worker.ts';

export { type AnswerLookup, answerInboundSms, type InboundOutcome } from './inbound.service.ts';
export { outbox } from './outbox.tables.ts';
export { enqueueForResident, enqueueMessage, type OutgoingMessage, type ResidentContact } from './outbox.ts';
export { parseSms, SMS_GRAMMARS } from './sms-grammar.ts';
export { renderMessage, TEMPLATES } from './templates.ts';
export { emailTransport, signBody, smsTransport, type Transport } from './transports.ts';
export { createOutboxWorker, type OutboxWorker } from './worker.ts';

export interface NotificationsOptions {
  /** The e-service runtime's answerLookup, given by the composition root (services imports this module). */
  lookup: AnswerLookup;
}

/** Without SMS_HMAC_KEY, a key derived from the server secret, so the demo needs no setting. */
export function smsHmacKey(platform: FastifyInstance['platform']): string {
  return (
    platform.config.smsHmacKey ??
    crypto.createHmac('sha256', platform.secret).update('sms-gateway').digest('hex')
  );
}

export function transportSettings(platform: FastifyInstance['platform']): TransportSettings {
  return {
    smtpUrl: platform.config.smtpUrl,
    mailFrom: platform.config.mailFrom,
    smsGatewayUrl: platform.config.smsGatewayUrl,
    smsHmacKey: smsHmacKey(platform),
    messageIdHost: new URL(platform.config.publicUrl).hostname,
  };
}

/**
 * The outbox worker, the staff pages and the SMS gateway webhooks. The worker starts when the server listens
 * (onListen), so tests that only inject requests never run it; they call runOnce() on their own worker.
 */
export async function notificationsModule(
  app: FastifyInstance,
  options: NotificationsOptions,
): Promise<void> {
  const platform = app.platform;
  adminRoutes(app);
  await app.register(inboundRoutes, { hmacKey: smsHmacKey(platform), lookup: options.lookup });

  const settings = transportSettings(platform);
  const worker = createOutboxWorker({
    db: platform.database.db,
    clock: platform.clock,
    transports: { email: emailTransport(settings), sms: smsTransport(settings) },
    publicUrl: platform.config.publicUrl,
    onError: (error) => app.log.warn({ err: { message: error.message } }, 'notification worker pass failed'),
  });
  let started = false;
  app.addHook('onListen', async () => {
    if (started) return;
    started = true;
    worker.start(platform.config.notifyIntervalMs);
  });
  app.addHook('onClose', async () => {
    await worker.stop();
  });
}
