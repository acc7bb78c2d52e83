import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { pseudonym } from '../../platform/secret.ts';
import { FailureThrottle } from './throttle.ts';

/** What the identity services need, built once per app. */
export interface IdentityContext {
  db: Db;
  clock: Clock;
  secret: string;
  config: Config;
  /** Failed logins (passcode or second factor) per client address. */
  loginThrottle: FailureThrottle;
  /** SMS code requests per client address (each one costs an SMS and a register lookup). */
  codeThrottle: FailureThrottle;
  /** Wrong activation or SMS codes per client address. */
  activationThrottle: FailureThrottle;
}

export function createIdentityContext(platform: {
  database: { db: Db };
  clock: Clock;
  secret: string;
  config: Config;
}): IdentityContext {
  return {
    db: platform.database.db,
    clock: platform.clock,
    secret: platform.secret,
    config: platform.config,
    loginThrottle: new FailureThrottle(platform.clock, 30, 15 * 60 * 1000),
    codeThrottle: new FailureThrottle(platform.clock, 10, 60 * 60 * 1000),
    activationThrottle: new FailureThrottle(platform.clock, 20, 15 * 60 * 1000),
  };
}

/** A client address as the audit log may keep it: keyed hash, not the address. */
export function addressKey(context: IdentityContext, ip: string): string {
  return pseudonym(context.secret, 'address', ip);
}
