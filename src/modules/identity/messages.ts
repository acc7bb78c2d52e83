import { addMessages } from '../../platform/i18n/i18n.ts';
import { accountMessages } from './messages.account.ts';
import { certificateMessages } from './messages.certificate.ts';
import { passcodeMessages } from './messages.passcode.ts';
import { staffMessages } from './messages.staff.ts';

const en = {
  'nav.account': 'My account',
  'nav.logout': 'Log out',
  'identity.fin': 'FIN (personal identification code)',
  'identity.fin.hint': '7 letters and digits, printed on your identity card',
  'identity.cardNumber': 'Identity card number',
  'identity.cardNumber.hint': 'For example AZE12345678 or AA1234567',
  'identity.passcode': 'Passcode',
  'identity.continue': 'Continue',
  'identity.errorSummary': 'There is a problem',
  'identity.login.title': 'Log in',
  'identity.login.lead': 'Log in with your FIN and the passcode you received with your identity card.',
  'identity.login.button': 'Log in',
  'identity.login.noPasscode': 'No passcode yet, or forgotten it?',
  'identity.login.getPasscode': 'Get or reset a passcode',
  'identity.login.stepUp.title': 'This page needs a stronger login',
  'identity.login.stepUp.body':
    'This page needs a login with an e-signature (high level of assurance). A passcode login is not enough for it.',
  'identity.login.error.finMissing': 'Enter your FIN',
  'identity.login.error.passcodeMissing': 'Enter your passcode',
  'identity.login.error.failed':
    'The FIN or passcode is not right, or there were too many attempts. Check them and try again in a few minutes.',
  'identity.login.error.throttled':
    'Too many failed attempts from this connection. Wait 15 minutes and try again.',
  'identity.demo.title': 'Demo data',
  'identity.demo.body':
    'This portal runs with demo data. Demo staff accounts use the passcode {passcode}; their current authenticator codes are:',
  'identity.demo.code': 'Current code',
  'identity.role': 'Role',
  'identity.agency': 'Agency',
  'identity.totp.title': 'Enter the code from your authenticator app',
  'identity.totp.lead':
    'Staff accounts need a second factor. Open your authenticator app and enter the 6-digit code.',
  'identity.totp.code': 'Authenticator code',
  'identity.totp.code.hint': '6 digits; it changes every 30 seconds',
  'identity.totp.enrol.title': 'Add this account to an authenticator app',
  'identity.totp.enrol.body':
    'Your account has a staff role, so it needs an authenticator app (for example FreeOTP, Aegis or Google Authenticator). Add a new account in the app with this key, then enter the code it shows.',
  'identity.totp.enrol.key': 'Key',
  'identity.totp.enrol.uri': 'Set-up address',
  'identity.totp.error.wrong':
    '{left, plural, one {The code is not right. You have # more try.} other {The code is not right. You have # more tries.}}',
  'identity.loggedOut.title': 'You have logged out',
  'identity.loggedOut.body': 'Close the browser if you are on a shared computer.',
  'identity.loggedOut.again': 'Log in again',
  'role.portal_admin': 'Portal administrator',
  'role.editor': 'Editor',
  'role.statistician': 'Statistician',
  'role.agency_admin': 'Agency administrator',
  'role.agency_officer': 'Agency officer',
  'role.ca_operator': 'Certification centre operator',
  'role.service_centre_operator': 'Service centre operator',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'nav.account': 'Şəxsi kabinet',
  'nav.logout': 'Çıxış',
  'identity.fin': 'FİN (fərdi identifikasiya nömrəsi)',
  'identity.fin.hint': 'Şəxsiyyət vəsiqənizdə yazılmış 7 hərf və rəqəm',
  'identity.cardNumber': 'Şəxsiyyət vəsiqəsinin nömrəsi',
  'identity.cardNumber.hint': 'Məsələn, AZE12345678 və ya AA1234567',
  'identity.passcode': 'Parol',
  'identity.continue': 'Davam et',
  'identity.errorSummary': 'Problem var',
  'identity.login.title': 'Giriş',
  'identity.login.lead': 'FİN və şəxsiyyət vəsiqənizlə aldığınız parolla daxil olun.',
  'identity.login.button': 'Daxil ol',
  'identity.login.noPasscode': 'Parolunuz yoxdur və ya unutmusunuz?',
  'identity.login.getPasscode': 'Parol alın və ya bərpa edin',
  'identity.login.stepUp.title': 'Bu səhifə daha güclü giriş tələb edir',
  'identity.login.stepUp.body':
    'Bu səhifəyə elektron imza ilə (yüksək etibarlılıq səviyyəsi) daxil olmaq lazımdır. Parolla giriş kifayət deyil.',
  'identity.login.error.finMissing': 'FİN-i daxil edin',
  'identity.login.error.passcodeMissing': 'Parolu daxil edin',
  'identity.login.error.failed':
    'FİN və ya parol düzgün deyil, yaxud həddən artıq cəhd edilib. Yoxlayın və bir neçə dəqiqədən sonra yenidən cəhd edin.',
  'identity.login.error.throttled':
    'Bu bağlantıdan həddən artıq uğursuz cəhd edilib. 15 dəqiqə gözləyin və yenidən cəhd edin.',
  'identity.demo.title': 'Demo məlumatlar',
  'identity.demo.body':
    'Portal demo məlumatlarla işləyir. Demo əməkdaş hesablarının parolu {passcode}; onların autentifikator kodları hazırda belədir:',
  'identity.demo.code': 'Cari kod',
  'identity.role': 'Rol',
  'identity.agency': 'Qurum',
  'identity.totp.title': 'Autentifikator tətbiqindəki kodu daxil edin',
  'identity.totp.lead':
    'Əməkdaş hesabları üçün ikinci amil tələb olunur. Autentifikator tətbiqini açın və 6 rəqəmli kodu daxil edin.',
  'identity.totp.code': 'Autentifikator kodu',
  'identity.totp.code.hint': '6 rəqəm; hər 30 saniyədən bir dəyişir',
  'identity.totp.enrol.title': 'Bu hesabı autentifikator tətbiqinə əlavə edin',
  'identity.totp.enrol.body':
    'Hesabınızın əməkdaş rolu var, ona görə autentifikator tətbiqi lazımdır (məsələn, FreeOTP, Aegis və ya Google Authenticator). Tətbiqdə bu açarla yeni hesab əlavə edin, sonra onun göstərdiyi kodu daxil edin.',
  'identity.totp.enrol.key': 'Açar',
  'identity.totp.enrol.uri': 'Quraşdırma ünvanı',
  'identity.totp.error.wrong':
    '{left, plural, one {Kod düzgün deyil. Daha # cəhdiniz qalıb.} other {Kod düzgün deyil. Daha # cəhdiniz qalıb.}}',
  'identity.loggedOut.title': 'Sistemdən çıxdınız',
  'identity.loggedOut.body': 'Ümumi istifadə olunan kompüterdəsinizsə, brauzeri bağlayın.',
  'identity.loggedOut.again': 'Yenidən daxil olun',
  'role.portal_admin': 'Portal administratoru',
  'role.editor': 'Redaktor',
  'role.statistician': 'Statistik',
  'role.agency_admin': 'Qurum administratoru',
  'role.agency_officer': 'Qurum əməkdaşı',
  'role.ca_operator': 'Sertifikatlaşdırma mərkəzinin operatoru',
  'role.service_centre_operator': 'Xidmət mərkəzinin operatoru',
};

const ru: Catalogue = {
  'nav.account': 'Личный кабинет',
  'nav.logout': 'Выйти',
  'identity.fin': 'ФИН (персональный идентификационный номер)',
  'identity.fin.hint': '7 букв и цифр, указанных в удостоверении личности',
  'identity.cardNumber': 'Номер удостоверения личности',
  'identity.cardNumber.hint': 'Например, AZE12345678 или AA1234567',
  'identity.passcode': 'Пароль',
  'identity.continue': 'Продолжить',
  'identity.errorSummary': 'Есть проблема',
  'identity.login.title': 'Вход',
  'identity.login.lead': 'Войдите с ФИН и паролем, полученным по удостоверению личности.',
  'identity.login.button': 'Войти',
  'identity.login.noPasscode': 'Нет пароля или забыли его?',
  'identity.login.getPasscode': 'Получить или восстановить пароль',
  'identity.login.stepUp.title': 'Для этой страницы нужен более надёжный вход',
  'identity.login.stepUp.body':
    'Для этой страницы нужен вход с электронной подписью (высокий уровень доверия). Входа по паролю недостаточно.',
  'identity.login.error.finMissing': 'Введите ФИН',
  'identity.login.error.passcodeMissing': 'Введите пароль',
  'identity.login.error.failed':
    'ФИН или пароль неверны либо было слишком много попыток. Проверьте их и повторите через несколько минут.',
  'identity.login.error.throttled':
    'Слишком много неудачных попыток с этого подключения. Подождите 15 минут и повторите.',
  'identity.demo.title': 'Демонстрационные данные',
  'identity.demo.body':
    'Портал работает с демонстрационными данными. Пароль демонстрационных сотрудников — {passcode}; их текущие коды аутентификатора:',
  'identity.demo.code': 'Текущий код',
  'identity.role': 'Роль',
  'identity.agency': 'Ведомство',
  'identity.totp.title': 'Введите код из приложения-аутентификатора',
  'identity.totp.lead':
    'Для учётных записей сотрудников нужен второй фактор. Откройте приложение-аутентификатор и введите 6-значный код.',
  'identity.totp.code': 'Код аутентификатора',
  'identity.totp.code.hint': '6 цифр; меняется каждые 30 секунд',
  'identity.totp.enrol.title': 'Добавьте эту учётную запись в приложение-аутентификатор',
  'identity.totp.enrol.body':
    'У вашей учётной записи есть роль сотрудника, поэтому нужно приложение-аутентификатор (например, FreeOTP, Aegis или Google Authenticator). Добавьте в приложении новую запись с этим ключом и введите показанный код.',
  'identity.totp.enrol.key': 'Ключ',
  'identity.totp.enrol.uri': 'Адрес для настройки',
  'identity.totp.error.wrong':
    '{left, plural, one {Код неверен. Осталась # попытка.} few {Код неверен. Осталось # попытки.} many {Код неверен. Осталось # попыток.} other {Код неверен. Осталось # попытки.}}',
  'identity.loggedOut.title': 'Вы вышли из системы',
  'identity.loggedOut.body': 'Если вы пользуетесь общим компьютером, закройте браузер.',
  'identity.loggedOut.again': 'Войти снова',
  'role.portal_admin': 'Администратор портала',
  'role.editor': 'Редактор',
  'role.statistician': 'Статистик',
  'role.agency_admin': 'Администратор ведомства',
  'role.agency_officer': 'Сотрудник ведомства',
  'role.ca_operator': 'Оператор центра сертификации',
  'role.service_centre_operator': 'Оператор центра обслуживания',
};

addMessages({
  az: {
    ...az,
    ...accountMessages.az,
    ...certificateMessages.az,
    ...passcodeMessages.az,
    ...staffMessages.az,
  },
  en: {
    ...en,
    ...accountMessages.en,
    ...certificateMessages.en,
    ...passcodeMessages.en,
    ...staffMessages.en,
  },
  ru: {
    ...ru,
    ...accountMessages.ru,
    ...certificateMessages.ru,
    ...passcodeMessages.ru,
    ...staffMessages.ru,
  },
});
