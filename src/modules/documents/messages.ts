import { addMessages, type Language, translator } from '../../platform/i18n/i18n.ts';

/** The translator for this module's own keys (the shell's MessageKey type does not know them). */
export function tr(lang: Language) {
  return translator(lang) as (key: string, values?: Record<string, string | number>) => string;
}

const en = {
  'documents.pdf.code': 'Verification code',
  'documents.pdf.verify':
    'To check this document, open {url} and type the verification code, or scan the QR code.',
  'documents.pdf.sealed':
    'Signed electronically with the seal of {agency} on {date}. A printed copy is valid only with the code.',
  'documents.pdf.issued': 'Date of issue',
  'documents.pdf.person': 'Full name',
  'documents.pdf.fin': 'Personal identification code (FIN)',
  'documents.pdf.birthDate': 'Date of birth',
  'documents.pdf.referenceIntro': 'This document is issued on the basis of the state registers to:',
  'documents.pdf.decisionTitle': 'Decision on application {number}',
  'documents.pdf.application': 'Application number',
  'documents.pdf.service': 'Service',
  'documents.pdf.submitted': 'Submitted',
  'documents.pdf.decision': 'Decision',
  'documents.pdf.approved': 'Approved',
  'documents.pdf.rejected': 'Rejected',
  'documents.pdf.reason': 'Reason',
  'documents.pdf.decidedBy': 'Decided by',
  'documents.pdf.officer': 'Officer of {agency}',
  'documents.pdf.decisionDate': 'Date of the decision',
  'documents.reference.contents': 'What the document will contain',
  'documents.reference.get': 'Get the document',
  'documents.reference.noRecord':
    'The register holds no record about you for this document, so it cannot be issued. Contact {agency}.',
  'documents.reference.unavailable':
    'The document cannot be signed at the moment. Nothing was issued. Try again in a few minutes.',
  'documents.reference.issuedTitle': 'Your document is ready',
  'documents.reference.code': 'Verification code',
  'documents.reference.download': 'Download the signed document (PDF)',
  'documents.reference.howToVerify':
    'Anyone you give the document to can check it at {url} with the verification code.',
  'documents.mine.title': 'My documents',
  'documents.mine.none': 'You have no documents yet.',
  'documents.mine.issued': 'Documents issued',
  'documents.mine.document': 'Document',
  'documents.mine.date': 'Issued',
  'documents.mine.code': 'Verification code',
};

const az: typeof en = {
  'documents.pdf.code': 'Yoxlama kodu',
  'documents.pdf.verify':
    'Sənədi yoxlamaq üçün {url} ünvanını açın və yoxlama kodunu yazın və ya QR kodu oxudun.',
  'documents.pdf.sealed':
    '{agency} tərəfindən {date} tarixində elektron möhürlə imzalanıb. Çap nüsxəsi yalnız kodla etibarlıdır.',
  'documents.pdf.issued': 'Verilmə tarixi',
  'documents.pdf.person': 'Soyadı, adı, atasının adı',
  'documents.pdf.fin': 'Fərdi identifikasiya nömrəsi (FİN)',
  'documents.pdf.birthDate': 'Doğum tarixi',
  'documents.pdf.referenceIntro': 'Bu sənəd dövlət reyestrləri əsasında verilir:',
  'documents.pdf.decisionTitle': '{number} nömrəli müraciət üzrə qərar',
  'documents.pdf.application': 'Müraciətin nömrəsi',
  'documents.pdf.service': 'Xidmət',
  'documents.pdf.submitted': 'Göndərilib',
  'documents.pdf.decision': 'Qərar',
  'documents.pdf.approved': 'Təsdiq edilib',
  'documents.pdf.rejected': 'Rədd edilib',
  'documents.pdf.reason': 'Əsas',
  'documents.pdf.decidedBy': 'Qərarı verən',
  'documents.pdf.officer': '{agency} əməkdaşı',
  'documents.pdf.decisionDate': 'Qərarın tarixi',
  'documents.reference.contents': 'Sənədin məzmunu',
  'documents.reference.get': 'Sənədi alın',
  'documents.reference.noRecord':
    'Reyestrdə bu sənəd üçün sizin barənizdə məlumat yoxdur, ona görə sənəd verilə bilməz. {agency} ilə əlaqə saxlayın.',
  'documents.reference.unavailable':
    'Sənədi hazırda imzalamaq mümkün deyil. Heç nə verilmədi. Bir neçə dəqiqədən sonra yenidən cəhd edin.',
  'documents.reference.issuedTitle': 'Sənədiniz hazırdır',
  'documents.reference.code': 'Yoxlama kodu',
  'documents.reference.download': 'İmzalanmış sənədi endirin (PDF)',
  'documents.reference.howToVerify':
    'Sənədi verdiyiniz hər kəs onu {url} ünvanında yoxlama kodu ilə yoxlaya bilər.',
  'documents.mine.title': 'Sənədlərim',
  'documents.mine.none': 'Hələ sənədiniz yoxdur.',
  'documents.mine.issued': 'Verilmiş sənədlər',
  'documents.mine.document': 'Sənəd',
  'documents.mine.date': 'Verilib',
  'documents.mine.code': 'Yoxlama kodu',
};

const ru: typeof en = {
  'documents.pdf.code': 'Код проверки',
  'documents.pdf.verify':
    'Чтобы проверить документ, откройте {url} и введите код проверки или отсканируйте QR-код.',
  'documents.pdf.sealed':
    'Подписано электронной печатью: {agency}, {date}. Распечатка действительна только с кодом.',
  'documents.pdf.issued': 'Дата выдачи',
  'documents.pdf.person': 'Фамилия, имя, отчество',
  'documents.pdf.fin': 'Личный идентификационный код (FIN)',
  'documents.pdf.birthDate': 'Дата рождения',
  'documents.pdf.referenceIntro': 'Документ выдан на основании государственных реестров:',
  'documents.pdf.decisionTitle': 'Решение по заявлению {number}',
  'documents.pdf.application': 'Номер заявления',
  'documents.pdf.service': 'Услуга',
  'documents.pdf.submitted': 'Подано',
  'documents.pdf.decision': 'Решение',
  'documents.pdf.approved': 'Одобрено',
  'documents.pdf.rejected': 'Отклонено',
  'documents.pdf.reason': 'Основание',
  'documents.pdf.decidedBy': 'Решение принял',
  'documents.pdf.officer': 'Сотрудник: {agency}',
  'documents.pdf.decisionDate': 'Дата решения',
  'documents.reference.contents': 'Что будет в документе',
  'documents.reference.get': 'Получить документ',
  'documents.reference.noRecord':
    'В реестре нет сведений о вас для этого документа, поэтому его нельзя выдать. Обратитесь в {agency}.',
  'documents.reference.unavailable':
    'Сейчас документ нельзя подписать. Ничего не выдано. Попробуйте через несколько минут.',
  'documents.reference.issuedTitle': 'Ваш документ готов',
  'documents.reference.code': 'Код проверки',
  'documents.reference.download': 'Скачать подписанный документ (PDF)',
  'documents.reference.howToVerify':
    'Любой, кому вы передадите документ, может проверить его на {url} по коду проверки.',
  'documents.mine.title': 'Мои документы',
  'documents.mine.none': 'У вас пока нет документов.',
  'documents.mine.issued': 'Выданные документы',
  'documents.mine.document': 'Документ',
  'documents.mine.date': 'Выдан',
  'documents.mine.code': 'Код проверки',
};

addMessages({ az, en, ru });
