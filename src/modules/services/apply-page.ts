import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../../platform/http/auth.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { type ApplicationRow, draftOf, SUBMISSION_KEY, saveDraft } from './applications.service.ts';
import type { ApplicationDefinition } from './definition.model.ts';
import { dropHidden, type FieldError, fileSize, readForm, validateData } from './form.ts';
import { tr } from './messages.ts';
import { type ServiceContext, stringBody } from './page-context.ts';
import { pagesOf, type ResolvedPage } from './pages.ts';
import { asUpload, checkUpload, type FileRef, isFileRef, syncFiles } from './uploads.ts';

function formFields(definition: ApplicationDefinition, page: ResolvedPage, lang: Language) {
  return page.fields.map((f) => {
    const parent = f.showIf ? definition.fields.find((p) => p.name === f.showIf?.field) : undefined;
    return {
      name: f.name,
      type: f.type,
      label: f.label[lang],
      hint: f.hint?.[lang],
      accept: f.accept?.join(','),
      options: f.options?.map((o) => ({ value: o.value, text: o.label[lang] })),
      showIf: f.showIf && {
        question: parent?.label[lang] ?? f.showIf.field,
        answer: parent?.options?.find((o) => o.value === f.showIf?.equals)?.label[lang] ?? f.showIf.equals,
      },
    };
  });
}

/** The owner's download link of a stored file. */
export const fileHref = (lang: Language, applicationId: string, ref: FileRef) =>
  `/${lang}/account/applications/${applicationId}/files/${ref.id}`;

export interface PageState {
  key: string;
  page: ResolvedPage;
  data: Record<string, unknown>;
  applicationId?: string;
}

/** One question page: its fields, the answers so far, the files already uploaded, Back and the buttons. */
export function formPage(
  reply: FastifyReply,
  context: ServiceContext,
  lang: Language,
  state: PageState,
  extra: Record<string, unknown> = {},
) {
  const definition = context.stored.definition as ApplicationDefinition;
  const pages = pagesOf(definition, lang);
  const index = pages.findIndex((p) => p.name === state.page.name);
  const base = `/${lang}/services/${context.stored.code}`;
  const previous = pages[index - 1];
  const values: Record<string, string> = {};
  const t = tr(lang);
  const files: Record<string, Record<string, string | undefined>> = {};
  for (const [name, value] of Object.entries(state.data)) {
    if (!isFileRef(value)) continue;
    const text = `${value.name} (${fileSize(value.size, lang)})`;
    files[name] = {
      text,
      href: state.applicationId ? fileHref(lang, state.applicationId, value) : undefined,
      // Macros do not see the page's translator: the texts come with the file.
      currentText: t('services.file.current'),
      downloadText: t('services.file.download'),
      replaceText: t('services.file.replace'),
      removeText: `${t('services.file.remove')} (${text})`,
    };
  }
  for (const [name, value] of Object.entries(state.data)) if (!isFileRef(value)) values[name] = String(value);
  return reply.page('services/views/apply.njk', {
    code: context.stored.code,
    serviceName: context.serviceName,
    agencyName: context.agencyName,
    definitionVersion: context.stored.version,
    pageName: state.page.name,
    questionTitle: state.page.title,
    pageNumber: pages.length > 1 ? { n: index + 1, of: pages.length } : undefined,
    multipart: state.page.fields.some((f) => f.type === 'file'),
    backHref: previous ? `${base}/apply?key=${state.key}&page=${previous.name}` : base,
    fields: formFields(definition, state.page, lang),
    submissionKey: state.key,
    values,
    files,
    ...extra,
  });
}

export function pageNamed(context: ServiceContext, lang: Language, name: unknown): ResolvedPage {
  const pages = pagesOf(context.stored.definition as ApplicationDefinition, lang);
  return pages.find((p) => p.name === name) ?? (pages[0] as ResolvedPage);
}

type Outcome =
  | { kind: 'errors'; state: PageState; errors: FieldError[] }
  | { kind: 'done'; row: ApplicationRow; state: PageState; saving: boolean; next?: ResolvedPage };

/**
 * One page posted: its answers (and files) merged into the draft, checked against the schema restricted to
 * the page's questions, and stored only when all is well (a refused file leaves nothing behind).
 */
export async function postPage(request: FastifyRequest, context: ServiceContext): Promise<Outcome> {
  const { db } = request.server.platform.database;
  const viewer = request.viewer as Viewer;
  const lang = request.lang as Language;
  const t = tr(lang);
  const definition = context.stored.definition as ApplicationDefinition;
  const body = stringBody(request);
  const page = pageNamed(context, lang, body.page);
  const key =
    typeof body.submissionKey === 'string' && SUBMISSION_KEY.test(body.submissionKey)
      ? body.submissionKey
      : null;
  const draft = key ? await draftOf(db, viewer, key) : undefined;
  const own = draft?.status === 'draft' && draft.serviceCode === context.stored.code ? draft : undefined;
  const previous: Record<string, unknown> = { ...(own?.data ?? {}) };
  const { data: pageData, malformed } = readForm(definition, body, page.fields);
  const added: { field: string; ref: FileRef; content: Buffer }[] = [];
  const errors: FieldError[] = malformed.map((field) => ({
    field,
    text: t('services.form.error.invalid', { label: field }),
  }));
  for (const field of page.fields.filter((f) => f.type === 'file')) {
    const upload = asUpload(body[field.name]);
    const remove = body[`remove-${field.name}`] === 'yes';
    if (upload) {
      const check = checkUpload(field, upload);
      if (check.ok) {
        pageData[field.name] = check.ref;
        added.push({ field: field.name, ref: check.ref, content: check.content });
      } else {
        const label = field.label[lang];
        const types = (field.accept ?? ['application/pdf', 'image/jpeg', 'image/png'])
          .map((type) => t(`services.file.type.${type}`))
          .join(', ');
        const max = fileSize(Math.min(field.maxBytes ?? 10_485_760, 10_485_760), lang);
        errors.push({
          field: field.name,
          text: t(`services.file.error.${check.problem}`, { label, types, max }),
        });
      }
    } else if (!remove && isFileRef(previous[field.name])) pageData[field.name] = previous[field.name];
  }
  for (const field of page.fields) delete previous[field.name];
  const data = dropHidden(definition, { ...previous, ...pageData });
  const saving = body.action === 'save';
  const only = page.fields.map((f) => f.name);
  errors.push(...validateData(context.stored, data, lang, { partial: saving, only }));
  const first = page.fields[0]?.name ?? '';
  // A tampered key or a form of an older definition: show the current form again, save nothing.
  if (!key) errors.unshift({ field: first, text: t('services.form.error.tampered') });
  else if (String(body.definitionVersion) !== String(context.stored.version))
    errors.unshift({ field: first, text: t('services.form.error.changed') });
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field) === i);
  if (unique.length > 0 || !key)
    return {
      kind: 'errors',
      errors: unique,
      // Nothing of this post is kept: the page shows what is stored, with the text typed in again.
      state: { key: key ?? '', page, data: shownAfterRefusal(own, pageData, page), applicationId: own?.id },
    };
  const at = request.server.platform.clock.now();
  const row = await db.transaction(async (tx) => {
    const saved = await saveDraft(tx, { viewer, stored: context.stored, submissionKey: key, data, lang }, at);
    if (saved.status === 'draft' && saved.serviceCode === context.stored.code)
      await syncFiles(tx, saved.id, data, added, at);
    return saved;
  });
  const pages = pagesOf(definition, lang);
  const next = pages[pages.findIndex((p) => p.name === page.name) + 1];
  return { kind: 'done', row, saving, next, state: { key, page, data, applicationId: row.id } };
}

/** On a refused post the files shown are the stored ones, never the refused upload. */
function shownAfterRefusal(
  own: ApplicationRow | undefined,
  pageData: Record<string, unknown>,
  page: ResolvedPage,
) {
  const shown: Record<string, unknown> = { ...(own?.data ?? {}), ...pageData };
  for (const field of page.fields)
    if (field.type === 'file')
      if (own?.data[field.name] !== undefined) shown[field.name] = own.data[field.name];
      else delete shown[field.name];
  return shown;
}
