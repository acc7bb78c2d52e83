import type { Db, Tx } from '../../platform/db/client.ts';
import { groupCommit, type Settled } from '../../platform/db/group-commit.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { type PortalEvent, recordEvents } from '../statistics/index.ts';
import { type OutgoingMessage, queuedKeys, queueMessage, queueMessages } from './outbox.ts';
import { parseSms } from './sms-grammar.ts';

/**
 * The e-service runtime's lookup (services/index.ts answerLookup); it records the usage event itself, or
 * puts it in `events` when given, for the caller to write with the others of its group.
 */
export type AnswerLookup = (
  db: Db,
  query: {
    serviceCode: string;
    keys: Record<string, string>;
    lang: Language;
    channel: 'sms';
    userKey: null;
    at: Date;
    events?: PortalEvent[];
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

const dedupeKeyOf = (sms: InboundSms) =>
  sms.gatewayId ? `sms-in:${sms.gatewayId.slice(0, 100)}` : undefined;

/** Parse and look up in the caller's transaction (the lookup writes its usage event there); the reply to queue. */
async function answerText(tx: Tx, lookup: AnswerLookup, sms: InboundSms, at: Date, events?: PortalEvent[]) {
  const parsed = parseSms(sms.text);
  const reply = {
    channel: 'sms' as const,
    recipient: sms.from,
    lang: parsed.lang,
    dedupeKey: dedupeKeyOf(sms),
  };
  if (parsed.kind !== 'lookup')
    return { outcome: 'help' as const, message: { ...reply, template: 'sms.help', data: {} } };
  const answer = await lookup(tx, {
    serviceCode: parsed.serviceCode,
    keys: parsed.keys,
    lang: parsed.lang,
    channel: 'sms',
    userKey: null,
    at,
    events,
  });
  // The runtime's own words (result or localised "not found"); a generic line only if it gave none.
  const template = answer.text ? 'sms.reply' : 'sms.not_found';
  const message: OutgoingMessage = { ...reply, template, data: { text: answer.text.slice(0, 600) } };
  return { outcome: answer.found ? ('answered' as const) : ('not_found' as const), message };
}

/** One text, its reply queued last: a webhook delivered twice meets its dedupe key and rolls back its event. */
async function answerInTransaction(tx: Tx, lookup: AnswerLookup, sms: InboundSms, at: Date) {
  const { outcome, message } = await answerText(tx, lookup, sms, at);
  if (!(await queueMessage(tx, message, at))) throw new DuplicateText();
  return outcome;
}

class DuplicateText extends Error {}
/** A text of the group met a dedupe key that another transaction queued after the group looked. */
class LateDuplicate extends Error {}

export interface TimedSms {
  sms: InboundSms;
  at: Date;
}

/**
 * The usual case, in few statements: the group's dedupe keys are looked up once (duplicates are known before
 * their lookup counts a use), each lookup runs, its usage event and reply are kept, and all usage events
 * are written in one insert and all replies queued in another. Any failure, or a
 * key queued meanwhile by another transaction, rolls the whole group back (the caller then goes text by text).
 */
async function answerAtOnce(db: Db, lookup: AnswerLookup, texts: TimedSms[]): Promise<InboundOutcome[]> {
  const keys = texts.map(({ sms }) => dedupeKeyOf(sms));
  return db.transaction(async (tx) => {
    const seen = await queuedKeys(
      tx,
      keys.filter((k): k is string => k !== undefined),
    );
    const outcomes: InboundOutcome[] = [];
    const replies: { message: OutgoingMessage; at: Date }[] = [];
    const events: PortalEvent[] = [];
    for (const [i, { sms, at }] of texts.entries()) {
      const key = keys[i];
      if (key !== undefined && seen.has(key)) {
        outcomes.push('duplicate');
        continue;
      }
      if (key !== undefined) seen.add(key);
      const { outcome, message } = await answerText(tx, lookup, sms, at, events);
      outcomes.push(outcome);
      replies.push({ message, at });
    }
    await recordEvents(tx, events);
    if ((await queueMessages(tx, replies)) !== replies.length) throw new LateDuplicate();
    return outcomes;
  });
}

/** Text by text, each in a savepoint of its own: a text that fails rolls back only its own event and reply. */
async function answerOneByOne(db: Db, lookup: AnswerLookup, texts: TimedSms[]) {
  return db.transaction(async (tx) => {
    const results: Settled<InboundOutcome>[] = [];
    for (const { sms, at } of texts) {
      try {
        const value = await tx.transaction((savepoint) => answerInTransaction(savepoint, lookup, sms, at));
        results.push({ ok: true, value });
      } catch (error) {
        results.push(
          error instanceof DuplicateText ? { ok: true, value: 'duplicate' } : { ok: false, error },
        );
      }
    }
    return results;
  });
}

/**
 * Answers a group of texts in one transaction and one commit. Two texts of the group with the same gateway id
 * are one answer and one duplicate, as if the second had come later. A text that fails does not lose the
 * others: the group is then answered again one text at a time, each in a savepoint.
 */
export async function answerInboundGroup(
  db: Db,
  lookup: AnswerLookup,
  texts: TimedSms[],
): Promise<Settled<InboundOutcome>[]> {
  try {
    const outcomes = await answerAtOnce(db, lookup, texts);
    return outcomes.map((value) => ({ ok: true, value }));
  } catch {
    return answerOneByOne(db, lookup, texts);
  }
}

/**
 * Answers one text (a group of one). The lookup's usage event and the reply commit together, so a text is never
 * counted without its answer or answered without being counted.
 */
export async function answerInboundSms(
  db: Db,
  lookup: AnswerLookup,
  sms: InboundSms,
  at: Date,
): Promise<InboundOutcome> {
  const [result] = await answerInboundGroup(db, lookup, [{ sms, at }]);
  if (!result?.ok) throw result?.error;
  return result.value;
}

// Several groups at once keep more than one connection busy; a bound on a group bounds its wait.
const GROUPING = { maxGroup: 100, concurrency: 4 };

/**
 * The webhook's way in: concurrent texts share one transaction and one commit (platform group commit); each
 * caller gets its outcome only once that commit is durable.
 */
export function inboundAnswerer(db: Db, lookup: AnswerLookup): (text: TimedSms) => Promise<InboundOutcome> {
  return groupCommit((texts: TimedSms[]) => answerInboundGroup(db, lookup, texts), GROUPING);
}

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
