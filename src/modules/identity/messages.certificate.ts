/** Login and step-up with an e-signature certificate. */
const en = {
  'identity.certificate.title': 'Log in with your e-signature certificate',
  'identity.certificate.lead':
    'Your browser signs a one-time challenge with the key it made when you got your certificate. The key never leaves this device.',
  'identity.certificate.stepUp':
    'Confirm with your e-signature certificate to continue. This raises your login to the high level of assurance.',
  'identity.certificate.noJs':
    'Logging in with a certificate needs JavaScript, which is off or not supported in this browser. You can log in with your FIN and passcode instead.',
  'identity.certificate.usePasscode': 'Log in with your FIN and passcode',
  'identity.certificate.button': 'Log in with my certificate',
  'identity.certificate.noKey':
    'This browser has no e-signature key. Use the browser where you got your certificate, or get a certificate first.',
  'identity.certificate.getOne': 'Get a certificate',
  'identity.certificate.scriptFailed':
    'The browser could not sign the challenge. Reload the page and try again.',
  'identity.certificate.other': 'Have an e-signature certificate?',
  'identity.certificate.link': 'Log in with your e-signature certificate',
  'identity.certificate.error.throttled':
    'Too many failed attempts from this connection. Wait 15 minutes and try again.',
  'identity.certificate.error.malformed': 'The answer to the challenge could not be read. Try again.',
  'identity.certificate.error.challenge-unknown':
    'This challenge was already used or never issued. Press the button again for a new one.',
  'identity.certificate.error.challenge-expired':
    'The challenge expired (it is valid for 5 minutes). Press the button again for a new one.',
  'identity.certificate.error.bad-signature': 'The signature does not match the key. Try again.',
  'identity.certificate.error.no-certificate':
    'No certificate was issued for the key in this browser. Get a certificate first.',
  'identity.certificate.error.unknown-ca': 'The certificate was not issued by our certification centre.',
  'identity.certificate.error.not-yet-valid': 'The certificate is not valid yet.',
  'identity.certificate.error.expired': 'The certificate has expired. Get a new one.',
  'identity.certificate.error.revoked': 'The certificate has been revoked. Get a new one.',
  'identity.certificate.error.no-account':
    'The certificate holder has no portal account yet. Get a passcode first.',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'identity.certificate.title': 'Elektron imza sertifikatı ilə giriş',
  'identity.certificate.lead':
    'Brauzeriniz sertifikat alarkən yaratdığı açarla birdəfəlik sorğunu imzalayır. Açar bu cihazdan heç vaxt çıxmır.',
  'identity.certificate.stepUp':
    'Davam etmək üçün elektron imza sertifikatınızla təsdiqləyin. Bu, girişinizi yüksək etibarlılıq səviyyəsinə qaldırır.',
  'identity.certificate.noJs':
    'Sertifikatla giriş üçün JavaScript lazımdır, bu brauzerdə isə o söndürülüb və ya dəstəklənmir. Əvəzində FİN və parolla daxil ola bilərsiniz.',
  'identity.certificate.usePasscode': 'FİN və parolla daxil olun',
  'identity.certificate.button': 'Sertifikatımla daxil ol',
  'identity.certificate.noKey':
    'Bu brauzerdə elektron imza açarı yoxdur. Sertifikatı aldığınız brauzerdən istifadə edin və ya əvvəlcə sertifikat alın.',
  'identity.certificate.getOne': 'Sertifikat alın',
  'identity.certificate.scriptFailed':
    'Brauzer sorğunu imzalaya bilmədi. Səhifəni yeniləyin və yenidən cəhd edin.',
  'identity.certificate.other': 'Elektron imza sertifikatınız var?',
  'identity.certificate.link': 'Elektron imza sertifikatı ilə daxil olun',
  'identity.certificate.error.throttled':
    'Bu bağlantıdan həddən artıq uğursuz cəhd edilib. 15 dəqiqə gözləyin və yenidən cəhd edin.',
  'identity.certificate.error.malformed': 'Sorğunun cavabını oxumaq mümkün olmadı. Yenidən cəhd edin.',
  'identity.certificate.error.challenge-unknown':
    'Bu sorğu artıq istifadə olunub və ya verilməyib. Yeni sorğu üçün düyməni yenidən basın.',
  'identity.certificate.error.challenge-expired':
    'Sorğunun vaxtı bitib (5 dəqiqə etibarlıdır). Yeni sorğu üçün düyməni yenidən basın.',
  'identity.certificate.error.bad-signature': 'İmza açara uyğun gəlmir. Yenidən cəhd edin.',
  'identity.certificate.error.no-certificate':
    'Bu brauzerdəki açar üçün sertifikat verilməyib. Əvvəlcə sertifikat alın.',
  'identity.certificate.error.unknown-ca':
    'Sertifikat bizim sertifikatlaşdırma mərkəzimiz tərəfindən verilməyib.',
  'identity.certificate.error.not-yet-valid': 'Sertifikat hələ qüvvədə deyil.',
  'identity.certificate.error.expired': 'Sertifikatın müddəti bitib. Yenisini alın.',
  'identity.certificate.error.revoked': 'Sertifikat ləğv edilib. Yenisini alın.',
  'identity.certificate.error.no-account':
    'Sertifikat sahibinin hələ portal hesabı yoxdur. Əvvəlcə parol alın.',
};

const ru: Catalogue = {
  'identity.certificate.title': 'Вход с сертификатом электронной подписи',
  'identity.certificate.lead':
    'Браузер подписывает одноразовый запрос ключом, созданным при получении сертификата. Ключ никогда не покидает это устройство.',
  'identity.certificate.stepUp':
    'Чтобы продолжить, подтвердите вход сертификатом электронной подписи. Это повысит уровень доверия входа до высокого.',
  'identity.certificate.noJs':
    'Для входа с сертификатом нужен JavaScript, а в этом браузере он отключён или не поддерживается. Вы можете войти с ФИН и паролем.',
  'identity.certificate.usePasscode': 'Войти с ФИН и паролем',
  'identity.certificate.button': 'Войти с моим сертификатом',
  'identity.certificate.noKey':
    'В этом браузере нет ключа электронной подписи. Используйте браузер, в котором получали сертификат, или сначала получите сертификат.',
  'identity.certificate.getOne': 'Получить сертификат',
  'identity.certificate.scriptFailed': 'Браузеру не удалось подписать запрос. Обновите страницу и повторите.',
  'identity.certificate.other': 'Есть сертификат электронной подписи?',
  'identity.certificate.link': 'Войти с сертификатом электронной подписи',
  'identity.certificate.error.throttled':
    'Слишком много неудачных попыток с этого подключения. Подождите 15 минут и повторите.',
  'identity.certificate.error.malformed': 'Не удалось прочитать ответ на запрос. Повторите.',
  'identity.certificate.error.challenge-unknown':
    'Этот запрос уже использован или не выдавался. Нажмите кнопку ещё раз, чтобы получить новый.',
  'identity.certificate.error.challenge-expired':
    'Срок запроса истёк (он действует 5 минут). Нажмите кнопку ещё раз, чтобы получить новый.',
  'identity.certificate.error.bad-signature': 'Подпись не соответствует ключу. Повторите.',
  'identity.certificate.error.no-certificate':
    'Для ключа в этом браузере сертификат не выдавался. Сначала получите сертификат.',
  'identity.certificate.error.unknown-ca': 'Сертификат выдан не нашим центром сертификации.',
  'identity.certificate.error.not-yet-valid': 'Сертификат ещё не действует.',
  'identity.certificate.error.expired': 'Срок действия сертификата истёк. Получите новый.',
  'identity.certificate.error.revoked': 'Сертификат отозван. Получите новый.',
  'identity.certificate.error.no-account':
    'У владельца сертификата ещё нет учётной записи на портале. Сначала получите пароль.',
};

export const certificateMessages = { az, en, ru };
