import { addMessages } from '../../platform/i18n/i18n.ts';

/** Signing an application at submission, and the verdict sentences the back office shows. */
const en = {
  'services.sign.title': 'Sign with your e-signature',
  'services.sign.offered':
    'You can sign your application with the e-signature certificate kept in this browser. Signing is optional for this service.',
  'services.sign.required':
    'This service requires your e-signature: the application is sent only with a valid signature made with the certificate kept in this browser.',
  'services.sign.textSummary': 'The exact text you sign',
  'services.sign.textLead':
    'Your signature covers exactly this text: the service, the form version, the key of this application and your answers.',
  'services.sign.textLabel': 'Text to be signed',
  'services.sign.button': 'Sign and submit',
  'services.sign.noJs':
    'Signing needs JavaScript in the browser where you got your certificate. Turn JavaScript on, or use that browser.',
  'services.sign.noKey':
    'This browser has no e-signature key with a valid certificate of yours. Use the browser where you got your certificate, or get one.',
  'services.sign.getCertificate': 'Get a certificate',
  'services.sign.scriptFailed': 'The browser could not sign. Reload the page and try again.',
  'services.sign.error.required':
    'This service requires your e-signature. Use “Sign and submit” in the browser where you got your certificate.',
  'services.sign.error.no-certificate':
    'The key in this browser has no valid certificate of yours. Get a certificate first.',
  'services.sign.error.changed': 'Your answers changed after you signed them. Check them and sign again.',
  'services.sign.error.malformed': 'The signature could not be read. Sign again.',
  'services.sign.error.content-changed':
    'The signature does not cover these answers. Check them and sign again.',
  'services.sign.error.bad-signature': 'The signature does not match the certificate. Sign again.',
  'services.sign.error.unknown-ca': 'The certificate was not issued by our certification centre.',
  'services.sign.error.key-usage': 'The certificate may not be used for signatures.',
  'services.sign.error.not-yet-valid': 'The certificate is not valid yet.',
  'services.sign.error.expired': 'The certificate has expired. Get a new one.',
  'services.sign.error.revoked': 'The certificate has been revoked. Get a new one.',
  'services.sign.error.bad-timestamp': 'The signature could not be timestamped. Try again in a few minutes.',
  'services.signature.title': 'E-signature',
  'services.signature.none': 'Not signed',
  'services.signature.valid': 'Signature valid, signed by {name} at {time}',
  'services.signature.invalid': 'Signature not valid: {reason}',
  'services.signature.timestamp': 'Timestamp: {time} ({authority})',
  'services.signature.reason.malformed': 'the signature is damaged or is not a signature.',
  'services.signature.reason.content-changed': 'the application was changed after it was signed.',
  'services.signature.reason.bad-signature': 'the signature does not match the signer’s certificate.',
  'services.signature.reason.unknown-ca': 'the certificate was not issued by our certification centre.',
  'services.signature.reason.key-usage': 'the certificate may not be used for signatures.',
  'services.signature.reason.not-yet-valid': 'it was made before the certificate became valid.',
  'services.signature.reason.expired': 'it was made after the certificate expired.',
  'services.signature.reason.revoked': 'the certificate was revoked before the signature was made.',
  'services.signature.reason.bad-timestamp': 'its timestamp does not verify or does not cover the signature.',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'services.sign.title': 'Elektron imzanızla imzalayın',
  'services.sign.offered':
    'Müraciətinizi bu brauzerdə saxlanılan elektron imza sertifikatı ilə imzalaya bilərsiniz. Bu xidmət üçün imza məcburi deyil.',
  'services.sign.required':
    'Bu xidmət elektron imzanızı tələb edir: müraciət yalnız bu brauzerdə saxlanılan sertifikatla verilmiş etibarlı imza ilə göndərilir.',
  'services.sign.textSummary': 'İmzaladığınız dəqiq mətn',
  'services.sign.textLead':
    'İmzanız məhz bu mətni əhatə edir: xidmət, formanın versiyası, bu müraciətin açarı və cavablarınız.',
  'services.sign.textLabel': 'İmzalanacaq mətn',
  'services.sign.button': 'İmzala və göndər',
  'services.sign.noJs':
    'İmzalamaq üçün sertifikatı aldığınız brauzerdə JavaScript lazımdır. JavaScript-i yandırın və ya həmin brauzerdən istifadə edin.',
  'services.sign.noKey':
    'Bu brauzerdə sizin etibarlı sertifikatınız olan elektron imza açarı yoxdur. Sertifikatı aldığınız brauzerdən istifadə edin və ya sertifikat alın.',
  'services.sign.getCertificate': 'Sertifikat alın',
  'services.sign.scriptFailed': 'Brauzer imzalaya bilmədi. Səhifəni yeniləyin və yenidən cəhd edin.',
  'services.sign.error.required':
    'Bu xidmət elektron imzanızı tələb edir. Sertifikatı aldığınız brauzerdə «İmzala və göndər» düyməsindən istifadə edin.',
  'services.sign.error.no-certificate':
    'Bu brauzerdəki açarın sizə məxsus etibarlı sertifikatı yoxdur. Əvvəlcə sertifikat alın.',
  'services.sign.error.changed':
    'İmzaladıqdan sonra cavablarınız dəyişib. Onları yoxlayın və yenidən imzalayın.',
  'services.sign.error.malformed': 'İmzanı oxumaq mümkün olmadı. Yenidən imzalayın.',
  'services.sign.error.content-changed':
    'İmza bu cavabları əhatə etmir. Onları yoxlayın və yenidən imzalayın.',
  'services.sign.error.bad-signature': 'İmza sertifikata uyğun gəlmir. Yenidən imzalayın.',
  'services.sign.error.unknown-ca': 'Sertifikat bizim sertifikatlaşdırma mərkəzimiz tərəfindən verilməyib.',
  'services.sign.error.key-usage': 'Sertifikatdan imza üçün istifadə etmək olmaz.',
  'services.sign.error.not-yet-valid': 'Sertifikat hələ qüvvədə deyil.',
  'services.sign.error.expired': 'Sertifikatın müddəti bitib. Yenisini alın.',
  'services.sign.error.revoked': 'Sertifikat ləğv edilib. Yenisini alın.',
  'services.sign.error.bad-timestamp':
    'İmzaya vaxt möhürü vurmaq mümkün olmadı. Bir neçə dəqiqədən sonra yenidən cəhd edin.',
  'services.signature.title': 'Elektron imza',
  'services.signature.none': 'İmzalanmayıb',
  'services.signature.valid': 'İmza etibarlıdır, imzalayan: {name}, vaxt: {time}',
  'services.signature.invalid': 'İmza etibarlı deyil: {reason}',
  'services.signature.timestamp': 'Vaxt möhürü: {time} ({authority})',
  'services.signature.reason.malformed': 'imza zədələnib və ya imza deyil.',
  'services.signature.reason.content-changed': 'müraciət imzalandıqdan sonra dəyişdirilib.',
  'services.signature.reason.bad-signature': 'imza imzalayanın sertifikatına uyğun gəlmir.',
  'services.signature.reason.unknown-ca':
    'sertifikat bizim sertifikatlaşdırma mərkəzimiz tərəfindən verilməyib.',
  'services.signature.reason.key-usage': 'sertifikatdan imza üçün istifadə etmək olmaz.',
  'services.signature.reason.not-yet-valid': 'imza sertifikat qüvvəyə minməzdən əvvəl verilib.',
  'services.signature.reason.expired': 'imza sertifikatın müddəti bitdikdən sonra verilib.',
  'services.signature.reason.revoked': 'sertifikat imzadan əvvəl ləğv edilib.',
  'services.signature.reason.bad-timestamp': 'vaxt möhürü yoxlanılmır və ya imzanı əhatə etmir.',
};

const ru: Catalogue = {
  'services.sign.title': 'Подпишите электронной подписью',
  'services.sign.offered':
    'Вы можете подписать заявление сертификатом электронной подписи, хранящимся в этом браузере. Для этой услуги подпись необязательна.',
  'services.sign.required':
    'Эта услуга требует вашей электронной подписи: заявление отправляется только с действительной подписью сертификатом, хранящимся в этом браузере.',
  'services.sign.textSummary': 'Точный текст, который вы подписываете',
  'services.sign.textLead':
    'Подпись охватывает ровно этот текст: услугу, версию формы, ключ этого заявления и ваши ответы.',
  'services.sign.textLabel': 'Текст для подписи',
  'services.sign.button': 'Подписать и отправить',
  'services.sign.noJs':
    'Для подписи нужен JavaScript в браузере, где вы получили сертификат. Включите JavaScript или используйте тот браузер.',
  'services.sign.noKey':
    'В этом браузере нет ключа электронной подписи с вашим действующим сертификатом. Используйте браузер, где получали сертификат, или получите его.',
  'services.sign.getCertificate': 'Получить сертификат',
  'services.sign.scriptFailed': 'Браузеру не удалось подписать. Обновите страницу и повторите.',
  'services.sign.error.required':
    'Эта услуга требует вашей электронной подписи. Нажмите «Подписать и отправить» в браузере, где вы получили сертификат.',
  'services.sign.error.no-certificate':
    'У ключа в этом браузере нет вашего действующего сертификата. Сначала получите сертификат.',
  'services.sign.error.changed': 'Ответы изменились после подписи. Проверьте их и подпишите снова.',
  'services.sign.error.malformed': 'Не удалось прочитать подпись. Подпишите снова.',
  'services.sign.error.content-changed': 'Подпись не охватывает эти ответы. Проверьте их и подпишите снова.',
  'services.sign.error.bad-signature': 'Подпись не соответствует сертификату. Подпишите снова.',
  'services.sign.error.unknown-ca': 'Сертификат выдан не нашим центром сертификации.',
  'services.sign.error.key-usage': 'Сертификат нельзя использовать для подписи.',
  'services.sign.error.not-yet-valid': 'Сертификат ещё не действует.',
  'services.sign.error.expired': 'Срок действия сертификата истёк. Получите новый.',
  'services.sign.error.revoked': 'Сертификат отозван. Получите новый.',
  'services.sign.error.bad-timestamp':
    'Не удалось поставить на подпись штамп времени. Повторите через несколько минут.',
  'services.signature.title': 'Электронная подпись',
  'services.signature.none': 'Не подписано',
  'services.signature.valid': 'Подпись действительна, подписал(а) {name}, время: {time}',
  'services.signature.invalid': 'Подпись недействительна: {reason}',
  'services.signature.timestamp': 'Штамп времени: {time} ({authority})',
  'services.signature.reason.malformed': 'подпись повреждена или не является подписью.',
  'services.signature.reason.content-changed': 'заявление изменено после подписи.',
  'services.signature.reason.bad-signature': 'подпись не соответствует сертификату подписавшего.',
  'services.signature.reason.unknown-ca': 'сертификат выдан не нашим центром сертификации.',
  'services.signature.reason.key-usage': 'сертификат нельзя использовать для подписи.',
  'services.signature.reason.not-yet-valid': 'подпись сделана до начала действия сертификата.',
  'services.signature.reason.expired': 'подпись сделана после окончания действия сертификата.',
  'services.signature.reason.revoked': 'сертификат отозван до того, как была сделана подпись.',
  'services.signature.reason.bad-timestamp': 'штамп времени не проверяется или не охватывает подпись.',
};

addMessages({ az, en, ru });
