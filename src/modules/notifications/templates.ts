import type { Language } from '../../platform/i18n/i18n.ts';

/** Subject and plain text of each message, per language; {name} is replaced from the message data. */
type Template = Record<Language, { subject: string; text: string }>;

export const TEMPLATES: Record<string, Template> = {
  'application.submitted': {
    az: {
      subject: '{reference} nömrəli müraciətiniz qəbul edildi',
      text: '{service} üzrə müraciətiniz qəbul edildi, nömrəsi {reference}. Statusu izləyin: {link}',
    },
    en: {
      subject: 'We received your application {reference}',
      text: 'We received your application for {service}, number {reference}. Follow it here: {link}',
    },
    ru: {
      subject: 'Ваше заявление {reference} принято',
      text: 'Ваше заявление на услугу «{service}» принято, номер {reference}. Следить за ним: {link}',
    },
  },
  'application.status': {
    az: {
      subject: '{reference} nömrəli müraciətinizin statusu dəyişdi',
      text: '{reference} nömrəli müraciətinizin yeni statusu: {status}. Ətraflı: {link}',
    },
    en: {
      subject: 'Your application {reference} has a new status',
      text: 'Your application {reference} is now: {status}. Details: {link}',
    },
    ru: {
      subject: 'Статус вашего заявления {reference} изменился',
      text: 'Новый статус вашего заявления {reference}: {status}. Подробнее: {link}',
    },
  },
  'application.info_requested': {
    az: {
      subject: '{reference} nömrəli müraciət üzrə əlavə məlumat tələb olunur',
      text: 'Qurum {reference} nömrəli müraciətiniz üzrə əlavə məlumat istəyir: {note}. Cavab verin: {link}',
    },
    en: {
      subject: 'More information needed for application {reference}',
      text: 'The agency needs more information about your application {reference}: {note}. Reply: {link}',
    },
    ru: {
      subject: 'По заявлению {reference} нужны дополнительные сведения',
      text: 'Ведомство запрашивает дополнительные сведения по заявлению {reference}: {note}. Ответить: {link}',
    },
  },
  'application.decision': {
    az: {
      subject: '{reference} nömrəli müraciət üzrə qərar verildi',
      text: '{reference} nömrəli müraciətiniz üzrə qərar: {decision}. Ətraflı: {link}',
    },
    en: {
      subject: 'A decision on application {reference}',
      text: 'The decision on your application {reference}: {decision}. Details: {link}',
    },
    ru: {
      subject: 'По заявлению {reference} принято решение',
      text: 'Решение по вашему заявлению {reference}: {decision}. Подробнее: {link}',
    },
  },
  'passcode.code': {
    az: {
      subject: 'Təsdiq kodu',
      text: 'E-gov: parol üçün kodunuz {code}. {minutes} dəqiqə etibarlıdır. Kodu heç kimə deməyin.',
    },
    en: {
      subject: 'Your confirmation code',
      text: 'E-gov: your passcode code is {code}. It is valid for {minutes} minutes. Do not share it.',
    },
    ru: {
      subject: 'Код подтверждения',
      text: 'E-gov: ваш код для пароля {code}. Действует {minutes} минут. Никому его не сообщайте.',
    },
  },
  'certificate.expiry': {
    az: {
      subject: 'Sertifikatınızın müddəti {date} tarixində bitir',
      text: '{serial} seriyalı sertifikatınızın müddəti {date} tarixində bitir. Yeniləyin: {link}',
    },
    en: {
      subject: 'Your certificate expires on {date}',
      text: 'Your certificate {serial} expires on {date}. Renew it: {link}',
    },
    ru: {
      subject: 'Срок действия вашего сертификата истекает {date}',
      text: 'Срок действия сертификата {serial} истекает {date}. Продлите его: {link}',
    },
  },
  // Replies of the inbound SMS channel: the text is the answer of the lookup service.
  'sms.reply': {
    az: { subject: 'SMS cavabı', text: '{text}' },
    en: { subject: 'SMS reply', text: '{text}' },
    ru: { subject: 'Ответ по SMS', text: '{text}' },
  },
  'sms.help': {
    az: {
      subject: 'SMS kömək',
      text: 'Sorğu tanınmadı. Nümunələr: NET 0501234567; TEST <abituriyent kodu> <gizli nömrə>.',
    },
    en: {
      subject: 'SMS help',
      text: 'Request not recognised. Examples: NUMBER 0501234567; EXAM <applicant code> <secret number>.',
    },
    ru: {
      subject: 'Справка по SMS',
      text: 'Запрос не распознан. Примеры: НОМЕР 0501234567; ЭКЗАМЕН <код абитуриента> <секретный номер>.',
    },
  },
  'sms.not_found': {
    az: { subject: 'SMS cavabı', text: 'Məlumat tapılmadı. Göndərdiyiniz məlumatları yoxlayın.' },
    en: { subject: 'SMS reply', text: 'Nothing found. Please check what you sent.' },
    ru: { subject: 'Ответ по SMS', text: 'Ничего не найдено. Проверьте отправленные данные.' },
  },
};

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

function fill(pattern: string, data: Record<string, unknown>, encode: (s: string) => string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => encode(String(data[name] ?? '')));
}

/** The three bodies of a message; an unknown template is a programming error the worker dead-letters. */
export function renderMessage(
  template: string,
  lang: Language,
  stored: Record<string, unknown>,
  publicUrl = '',
): Rendered {
  const chosen = TEMPLATES[template]?.[lang];
  if (!chosen) throw new Error(`unknown template ${template}/${lang}`);
  // Modules store links as paths: the address of the portal is configuration, known when sending.
  const link = stored.link;
  const data =
    typeof link === 'string' && link.startsWith('/') ? { ...stored, link: `${publicUrl}${link}` } : stored;
  const html = fill(chosen.text, data, escapeHtml).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  return {
    subject: fill(chosen.subject, data, (s) => s),
    text: fill(chosen.text, data, (s) => s),
    html: `<!doctype html><html lang="${lang}"><body><p>${html}</p></body></html>`,
  };
}
