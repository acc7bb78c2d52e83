import type { Db } from '../../platform/db/client.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { type OutgoingMessage, queueMessage } from './outbox.ts';
import { parseSms } from './sms-grammar.ts';

/** The e-service runtime's lookup (services/index.ts answerLookup); it records the usage event itself. */
export type AnswerLookup = (
  db: Db,
  query: {
    serviceCode: string;
    keys: Record<string, string>;
    lang: Language;
    channel: 'sms';
    userKey: null;
    at: Date;
  },
) => Promise<{ found: boolean; text: string }>;

export interface InboundSms {
  /** The sender's number, as the gateway gives it. */
  from: string;
  text: string;
  /** The gateway's id of the text: a webhook delivered twice is answered once. */
  gatewayId?: string | undefined;
}

export type InboundOutcome = 'answered' | 'not_found' | 'help' | 'duplicate';

const PHONE = /^\+?\d{7,15}$/;

export function isPhoneNumber(value: string): boolean {
  return PHONE.test(value);
}

/**
 * Answers one text: parse, look up, queue the reply in the keyword's language. The lookup's usage event and the
 * reply commit together, so a text is never counted without its answer or answered without being counted.
 */
export async function answerInboundSms(
  db: Db,
  lookup: AnswerLookup,
  sms: InboundSms,
  at: Date,
): Promise<InboundOutcome> {
  const parsed = parseSms(sms.text);
  const dedupeKey = sms.gatewayId ? `sms-in:${sms.gatewayId.slice(0, 100)}` : undefined;
  const reply = { channel: 'sms' as const, recipient: sms.from, lang: parsed.lang, dedupeKey };
  try {
    return await db.transaction(async (tx) => {
      let outcome: InboundOutcome = 'help';
      let message: OutgoingMessage = { ...reply, template: 'sms.help', data: {} };
      if (parsed.kind === 'lookup') {
        const answer = await lookup(tx, {
          serviceCode: parsed.serviceCode,
          keys: parsed.keys,
          lang: parsed.lang,
          channel: 'sms',
          userKey: null,
          at,
        });
        outcome = answer.found ? 'answered' : 'not_found';
        // The runtime's own words (result or localised "not found"); a generic line only if it gave none.
        const template = answer.text ? 'sms.reply' : 'sms.not_found';
        message = { ...reply, template, data: { text: answer.text.slice(0, 600) } };
      }
      // The reply goes last: a webhook delivered twice meets its dedupe key here and rolls back its usage
      // event, which saves the common case a look-up of the key first.
      if (!(await queueMessage(tx, message, at))) throw new DuplicateText();
      return outcome;
    });
  } catch (error) {
    if (error instanceof DuplicateText) return 'duplicate';
    throw error;
  }
}

class DuplicateText extends Error {}

/** A fixed window per number, in memory: a flood from one phone costs neither lookups nor replies. */
export class SenderLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
  ) {}

  allow(sender: string, now: number): boolean {
    const current = this.windows.get(sender);
    if (!current || now - current.start >= this.windowMs) {
      // Forget old windows now and then so the map cannot grow without bound.
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(sender, { start: now, count: 1 });
      return true;
    }
    current.count++;
    return current.count <= this.perWindow;
  }
}
