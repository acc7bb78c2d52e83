import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole } from '../../platform/http/auth.ts';
import { LangParams } from '../../platform/http/schemas.ts';
import { formatDate } from '../../platform/i18n/i18n.ts';
import type { IdentityContext } from './context.ts';
import { clientOf, errorView, type FieldError, type FormOf, formBody } from './http.ts';
import {
  type ActivationProblem,
  activatePasscode,
  type CardProblem,
  issueCentreCode,
  requestSmsCode,
} from './passcode.service.ts';
import { displayName } from './register.ts';

const CARD_FIELD: Record<CardProblem, string> = {
  finFormat: 'fin',
  cardFormat: 'cardNumber',
  mismatch: 'fin',
  expired: 'cardNumber',
  throttled: 'fin',
  noPhone: 'fin',
  tooManySms: 'fin',
};
const CARD_STATUS: Partial<Record<CardProblem, number>> = { throttled: 429, tooManySms: 429 };

function cardError(problem: CardProblem): FieldError {
  return { field: CARD_FIELD[problem], key: `identity.passcode.error.${problem}` };
}

const ACTIVATION_FIELD: Record<ActivationProblem, string> = {
  finFormat: 'fin',
  codeMissing: 'code',
  codeInvalid: 'code',
  throttled: 'code',
  tooShort: 'passcode',
  tooLong: 'passcode',
  common: 'passcode',
  containsFin: 'passcode',
  containsBirthDate: 'passcode',
};

export function passcodeRoutes(app: FastifyInstance, context: IdentityContext): void {
  const requestTemplate = 'identity/views/passcode.njk';
  const activateTemplate = 'identity/views/passcode-activate.njk';
  const CardBody = formBody('fin', 'cardNumber');
  const ActivateBody = formBody('fin', 'code', 'passcode', 'confirm');

  app.get('/:lang/passcode', { schema: { hide: true, params: LangParams } }, async (_request, reply) =>
    reply.page(requestTemplate, { values: {} }),
  );

  app.post(
    '/:lang/passcode',
    { schema: { hide: true, params: LangParams, body: CardBody } },
    async (request, reply) => {
      const body = request.body as FormOf<'fin' | 'cardNumber'>;
      const values = { fin: body.fin?.slice(0, 20), cardNumber: body.cardNumber?.slice(0, 20) };
      const result = await requestSmsCode(context, body, clientOf(request), request.lang);
      if (!result.ok)
        return reply
          .code(CARD_STATUS[result.problem] ?? 400)
          .page(requestTemplate, { values, ...errorView(request, [cardError(result.problem)]) });
      return reply.page(activateTemplate, { values: { fin: values.fin }, sentTo: result.phoneEnding });
    },
  );

  app.get(
    '/:lang/passcode/activate',
    { schema: { hide: true, params: LangParams } },
    async (_request, reply) => reply.page(activateTemplate, { values: {} }),
  );

  app.post(
    '/:lang/passcode/activate',
    { schema: { hide: true, params: LangParams, body: ActivateBody } },
    async (request, reply) => {
      const body = request.body as FormOf<'fin' | 'code' | 'passcode' | 'confirm'>;
      const values = { fin: body.fin?.slice(0, 20), code: body.code?.slice(0, 20) };
      const passcode = body.passcode ?? '';
      const errors: FieldError[] = [];
      if (!body.fin?.trim()) errors.push({ field: 'fin', key: 'identity.login.error.finMissing' });
      if (!body.code?.trim()) errors.push({ field: 'code', key: 'identity.passcode.error.codeMissing' });
      if (!passcode) errors.push({ field: 'passcode', key: 'identity.login.error.passcodeMissing' });
      else if (passcode !== body.confirm)
        errors.push({ field: 'confirm', key: 'identity.passcode.error.confirm' });
      if (errors.length)
        return reply.code(400).page(activateTemplate, { values, ...errorView(request, errors) });
      const result = await activatePasscode(
        context,
        { fin: body.fin, code: body.code, passcode },
        clientOf(request),
      );
      if (!result.ok) {
        const error = {
          field: ACTIVATION_FIELD[result.problem],
          key: `identity.passcode.error.${result.problem}`,
        };
        return reply
          .code(result.problem === 'throttled' ? 429 : 400)
          .page(activateTemplate, { values, ...errorView(request, [error]) });
      }
      return reply.page('identity/views/passcode-done.njk', { reset: result.reset });
    },
  );

  serviceCentreRoutes(app, context);
}

function serviceCentreRoutes(app: FastifyInstance, context: IdentityContext): void {
  const template = 'identity/views/service-centre.njk';
  const guard = requireRole('service_centre_operator');
  const Body = formBody('fin', 'cardNumber', 'checked');

  app.get(
    '/:lang/staff/service-centre',
    { schema: { hide: true, params: LangParams }, preHandler: guard },
    async (_request, reply) => reply.page(template, { values: {} }),
  );

  app.post(
    '/:lang/staff/service-centre',
    { schema: { hide: true, params: LangParams, body: Body }, preHandler: guard },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = request.body as FormOf<'fin' | 'cardNumber' | 'checked'>;
      const values = { fin: body.fin?.slice(0, 20), cardNumber: body.cardNumber?.slice(0, 20) };
      if (body.checked !== 'yes') {
        const errors = errorView(request, [{ field: 'checked', key: 'identity.centre.error.checked' }]);
        return reply.code(400).page(template, { values, ...errors });
      }
      const result = await issueCentreCode(
        context,
        request.viewer as NonNullable<typeof request.viewer>,
        body,
      );
      if (!result.ok)
        return reply.code(400).page(template, { values, ...errorView(request, [cardError(result.problem)]) });
      // The code is shown once: never kept by a browser cache or a proxy.
      return reply.header('cache-control', 'no-store').page(template, {
        values: {},
        issued: {
          code: result.code,
          name: displayName(result.person),
          expires: formatDate(request.lang, result.expiresAt, context.config.timeZone, {
            timeStyle: 'short',
          }),
        },
      });
    },
  );
}
