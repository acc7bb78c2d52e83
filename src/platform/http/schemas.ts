import { Type } from 'typebox';

/** Path parameter of every localised page; an unknown language is a 404 (see errors.ts). */
export const LangParams = Type.Object({
  lang: Type.Union([Type.Literal('az'), Type.Literal('en'), Type.Literal('ru')]),
});

/** A local path to return to after a form; never another site (no open redirect). */
export function safeLocalPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 2000
    ? value
    : fallback;
}
