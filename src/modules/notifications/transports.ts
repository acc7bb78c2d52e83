import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Rendered } from './templates.ts';

/** What a transport needs to send one message; id makes the Message-ID, so a resend is recognisable. */
export interface Envelope {
  id: number;
  recipient: string;
  rendered: Rendered;
}

export interface Transport {
  /** The name stored with each sent row: 'smtp', 'gateway' or 'demo'. */
  name: string;
  send(envelope: Envelope): Promise<void>;
  close(): void;
}

export interface TransportSettings {
  smtpUrl?: string | undefined;
  mailFrom: string;
  smsGatewayUrl?: string | undefined;
  smsHmacKey: string;
  /** Host part of Message-IDs, e.g. the public host name. */
  messageIdHost: string;
}

/** In the demo nothing leaves the machine: the worker marks rows sent by 'demo' and staff read them. */
const demoTransport = (): Transport => ({
  name: 'demo',
  send: async () => undefined,
  close: () => undefined,
});

/** SMTP through nodemailer's pooled transport: a few kept-open connections, many messages each. */
export function emailTransport(settings: TransportSettings): Transport {
  if (!settings.smtpUrl) return demoTransport();
  const mailer = nodemailer.createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: 5,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
  return {
    name: 'smtp',
    async send({ id, recipient, rendered }) {
      await mailer.sendMail({
        from: settings.mailFrom,
        to: recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        // Stable per outbox row: if a message is sent twice after a crash, mail systems can drop the copy.
        messageId: `<outbox-${id}@${settings.messageIdHost}>`,
      });
    },
    close: () => mailer.close(),
  };
}

export function signBody(key: string, body: string | Buffer): string {
  return `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;
}

/** An HTTP SMS gateway: JSON POST signed with the shared HMAC key; `reference` comes back in delivery reports. */
export function smsTransport(settings: TransportSettings): Transport {
  const url = settings.smsGatewayUrl;
  if (!url) return demoTransport();
  return {
    name: 'gateway',
    async send({ id, recipient, rendered }) {
      const body = JSON.stringify({ to: recipient, text: rendered.text, reference: String(id) });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signBody(settings.smsHmacKey, body) },
        body,
        signal: AbortSignal.timeout(10000),
      });
      if (!response.ok) throw new Error(`gateway answered ${response.status}`);
    },
    close: () => undefined,
  };
}
