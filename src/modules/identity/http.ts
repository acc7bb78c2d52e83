import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { translator } from '../../platform/i18n/i18n.ts';
import type { Client } from './login.service.ts';

/** Form bodies: every field optional and bounded; the handlers give the localised messages. */
export function formBody<K extends string>(...fields: K[]) {
  return Type.Object(
    Object.fromEntries(
      [...fields, '_csrf'].map((f) => [f, Type.Optional(Type.String({ maxLength: 2000 }))]),
    ) as Record<K | '_csrf', ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>>>,
  );
}

export type FormOf<K extends string> = Partial<Record<K, string>>;

/** A coarse description of the browser, so the owner recognises a session without us keeping the user agent. */
export function deviceOf(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : '';
  const platform = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, platform].filter(Boolean).join(', ');
}

export function clientOf(request: FastifyRequest): Client {
  return { ip: request.ip, device: deviceOf(request.headers['user-agent']) };
}

export interface FieldError {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/** Localises field errors for the error summary and the fields (govuk error-summary pattern). */
export function errorView(request: FastifyRequest, errors: FieldError[]) {
  const t = translator(request.lang) as (key: string, values?: Record<string, string | number>) => string;
  const byField: Record<string, { text: string }> = {};
  const list = errors.map((e) => {
    const text = t(e.key, e.values);
    byField[e.field] ??= { text };
    return { text, href: `#${e.field}` };
  });
  return { errorList: list, errors: byField };
}

export function renderForm(
  reply: FastifyReply,
  status: number,
  template: string,
  data: Record<string, unknown>,
): FastifyReply {
  return reply.code(status).page(template, data);
}
