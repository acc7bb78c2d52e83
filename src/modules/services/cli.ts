import type { Command } from '../../cli/egov.ts';
import { loadConfig } from '../../config.ts';
import { resolveSecretKey } from '../../platform/secret.ts';

export const servicesCommands: Record<string, Command> = {
  'services endpoint-secret': {
    summary:
      "Print the key an agency's system uses to check the portal's signed calls to it (x-egov-signature).",
    usage: 'egov services endpoint-secret <SERVICE-CODE>',
    run: async ({ positionals }) => {
      const code = positionals[0] ?? '';
      if (!/^[A-Z0-9][A-Z0-9_-]{1,39}$/.test(code)) {
        console.error('Give the service code, e.g. egov services endpoint-secret AZERSU-0002');
        return 1;
      }
      const config = loadConfig();
      const { endpointSecret } = await import('./external.service.ts');
      // Derived from SECRET_KEY: nothing is stored, and changing SECRET_KEY changes every endpoint key.
      console.log(endpointSecret(resolveSecretKey(config.secretKey, config.dataDir), code));
      return 0;
    },
  },
};
