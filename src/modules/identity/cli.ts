import { EMBEDDED_NOTE, withDatabase } from '../../cli/database.ts';
import type { Command } from '../../cli/egov.ts';
import { systemClock } from '../../platform/clock.ts';
import { STAFF_ROLES } from '../../platform/http/auth.ts';

const PROBLEMS: Record<string, string> = {
  finFormat: 'the FIN must be 7 letters and digits',
  noAccount: 'no portal account with this FIN: the person needs a passcode first',
  roleInvalid: `the role must be one of ${STAFF_ROLES.join(', ')}`,
  agencyRequired: 'agency_admin and agency_officer need --agency CODE',
  agencyNotAllowed: 'only agency_admin and agency_officer take --agency',
  duplicate: 'the person already has this role',
};

export const identityCommands: Record<string, Command> = {
  'staff grant': {
    summary: `Give a staff role to a person with a portal account (audited). The way to make the first portal admin. ${EMBEDDED_NOTE}`,
    usage: `egov staff grant --fin FIN --role ROLE [--agency CODE]   (ROLE: ${STAFF_ROLES.join(', ')})`,
    options: { fin: { type: 'string' }, role: { type: 'string' }, agency: { type: 'string' } },
    run: ({ values }) =>
      withDatabase(async (database) => {
        const input = {
          fin: values.fin as string,
          role: values.role as string,
          agency: values.agency as string,
        };
        // Loaded when run: the command table stays light (src/cli/commands.ts).
        const { grantRoleFromCli } = await import('./staff.service.ts');
        const result = await grantRoleFromCli(database.db, input, systemClock.now());
        if (!result.ok) {
          console.error(`Not granted: ${PROBLEMS[result.problem] ?? result.problem}.`);
          return 1;
        }
        console.log(
          `Granted ${input.role}${input.agency ? ` (${input.agency.toUpperCase()})` : ''} to ${input.fin.toUpperCase()}. A TOTP authenticator is set up at their next login.`,
        );
        return 0;
      }),
  },
  'staff list': {
    summary: `List staff role grants. ${EMBEDDED_NOTE}`,
    usage: 'egov staff list',
    run: () =>
      withDatabase(async (database) => {
        const { listGrants } = await import('./accounts.repository.ts');
        for (const g of await listGrants(database.db))
          console.log([g.fin, g.role, g.agencyCode ?? '-', `${g.lastName} ${g.firstName}`].join('\t'));
        return 0;
      }),
  },
  'sms outbox': {
    summary: `Show the passcode codes sent by SMS in the last hour (the demo's SMS gateway is the outbox itself). ${EMBEDDED_NOTE}`,
    usage: 'egov sms outbox [--phone +994501234567]',
    options: { phone: { type: 'string' } },
    run: ({ values }) =>
      withDatabase(async (database) => {
        const { recentSms } = await import('./activation.repository.ts');
        const recent = await recentSms(database.db, new Date(), values.phone as string | undefined);
        for (const m of recent.slice(0, 50))
          console.log(`${m.createdAt.toISOString()}\t${m.phone}\t${m.status}\t${m.body}`);
        return 0;
      }),
  },
};
