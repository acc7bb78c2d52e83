const en = {
  'identity.passcode.title': 'Get or reset a passcode',
  'identity.passcode.lead':
    'Anyone with an identity card can get a passcode for the portal, free of charge. There are two ways, and the same two ways reset a forgotten passcode.',
  'identity.passcode.centre.title': 'At a service centre',
  'identity.passcode.centre.body':
    'Bring your identity card to any service centre. The operator checks it and gives you an activation code, valid for 72 hours. Then set your passcode online with that code.',
  'identity.passcode.centre.link': 'I have an activation code',
  'identity.passcode.online.title': 'Online, with a code by SMS',
  'identity.passcode.online.body':
    'Enter your FIN and identity card number. We send a code to the mobile phone number registered with your identity card.',
  'identity.passcode.online.button': 'Send me a code',
  'identity.passcode.error.finFormat': 'Enter a FIN of 7 letters and digits, as on your identity card',
  'identity.passcode.error.cardFormat': 'Enter the identity card number like AZE12345678 or AA1234567',
  'identity.passcode.error.mismatch':
    'The FIN and identity card number do not match our records. Check both against your identity card',
  'identity.passcode.error.expired':
    'This identity card has expired. Get a new identity card first, then a passcode',
  'identity.passcode.error.throttled': 'Too many requests from this connection. Wait an hour and try again',
  'identity.passcode.error.noPhone':
    'There is no mobile phone number registered with this identity card. Get an activation code at a service centre',
  'identity.passcode.error.tooManySms':
    'We have already sent 3 codes in the last hour. Wait an hour, or use the last code we sent',
  'identity.passcode.error.codeMissing': 'Enter the code',
  'identity.passcode.error.codeInvalid':
    'The code is not valid. It may be mistyped, used already or expired. Ask for a new one if you need to',
  'identity.passcode.error.tooShort': 'The passcode must be at least 8 characters long',
  'identity.passcode.error.tooLong': 'The passcode must be 128 characters or fewer',
  'identity.passcode.error.common':
    'This passcode is too common or known from data breaches. Choose one that is harder to guess, for example three unrelated words',
  'identity.passcode.error.containsFin': 'The passcode must not contain your FIN',
  'identity.passcode.error.containsBirthDate': 'The passcode must not contain your date of birth',
  'identity.passcode.error.confirm': 'The two passcodes do not match',
  'identity.activate.title': 'Set your passcode',
  'identity.activate.lead': 'Enter your FIN, the code you received and the passcode you want to use.',
  'identity.activate.sentTitle': 'Code sent',
  'identity.activate.sent':
    'We have sent a code by SMS to the phone number ending in {ending}. It is valid for 10 minutes.',
  'identity.activate.code': 'Activation or SMS code',
  'identity.activate.code.hint': 'From the service centre (like ABCD-2345) or from the SMS (6 digits)',
  'identity.activate.passcode': 'New passcode',
  'identity.activate.passcode.hint':
    'At least 8 characters. Not a common password, and not containing your FIN or date of birth',
  'identity.activate.confirm': 'Confirm the new passcode',
  'identity.activate.button': 'Set passcode',
  'identity.done.title': 'Your passcode is ready',
  'identity.done.body': 'You can now log in to the portal with your FIN and this passcode.',
  'identity.done.resetTitle': 'Your passcode has been reset',
  'identity.done.resetBody':
    'Every session that was open with the old passcode has been logged out. Log in with your FIN and the new passcode.',
  'identity.centre.title': 'Issue an activation code',
  'identity.centre.lead':
    'Check the identity card in person: the photo, the card itself and its validity. Then enter its FIN and number.',
  'identity.centre.checkedLegend': 'Identity check',
  'identity.centre.checked': 'I have checked the identity card in person and the holder is present',
  'identity.centre.button': 'Issue activation code',
  'identity.centre.error.checked': 'Confirm that you have checked the identity card in person',
  'identity.centre.issued.title': 'Activation code',
  'identity.centre.issued.body':
    'Give this code to {name}. It is valid until {expires} and can be used once, at the portal’s “Set your passcode” page.',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'identity.passcode.title': 'Parol alın və ya bərpa edin',
  'identity.passcode.lead':
    'Şəxsiyyət vəsiqəsi olan hər kəs portal üçün pulsuz parol ala bilər. Bunun iki yolu var; unudulmuş parol da həmin iki yolla bərpa olunur.',
  'identity.passcode.centre.title': 'Xidmət mərkəzində',
  'identity.passcode.centre.body':
    'Şəxsiyyət vəsiqənizlə istənilən xidmət mərkəzinə gəlin. Operator onu yoxlayır və sizə 72 saat etibarlı aktivləşdirmə kodu verir. Sonra bu kodla parolunuzu onlayn təyin edin.',
  'identity.passcode.centre.link': 'Aktivləşdirmə kodum var',
  'identity.passcode.online.title': 'Onlayn, SMS ilə göndərilən kodla',
  'identity.passcode.online.body':
    'FİN-i və şəxsiyyət vəsiqəsinin nömrəsini daxil edin. Kodu şəxsiyyət vəsiqənizlə qeydiyyatda olan mobil nömrəyə göndəririk.',
  'identity.passcode.online.button': 'Kodu göndərin',
  'identity.passcode.error.finFormat':
    'Şəxsiyyət vəsiqənizdəki kimi 7 hərf və rəqəmdən ibarət FİN daxil edin',
  'identity.passcode.error.cardFormat':
    'Şəxsiyyət vəsiqəsinin nömrəsini AZE12345678 və ya AA1234567 kimi daxil edin',
  'identity.passcode.error.mismatch':
    'FİN və şəxsiyyət vəsiqəsinin nömrəsi qeydlərimizlə uyğun gəlmir. Hər ikisini vəsiqənizlə yoxlayın',
  'identity.passcode.error.expired':
    'Bu şəxsiyyət vəsiqəsinin müddəti bitib. Əvvəlcə yeni şəxsiyyət vəsiqəsi, sonra parol alın',
  'identity.passcode.error.throttled':
    'Bu bağlantıdan həddən artıq sorğu göndərilib. Bir saat gözləyin və yenidən cəhd edin',
  'identity.passcode.error.noPhone':
    'Bu şəxsiyyət vəsiqəsi ilə qeydiyyatda olan mobil nömrə yoxdur. Aktivləşdirmə kodunu xidmət mərkəzində alın',
  'identity.passcode.error.tooManySms':
    'Son bir saatda artıq 3 kod göndərmişik. Bir saat gözləyin və ya göndərdiyimiz sonuncu koddan istifadə edin',
  'identity.passcode.error.codeMissing': 'Kodu daxil edin',
  'identity.passcode.error.codeInvalid':
    'Kod etibarlı deyil. O, səhv yazılmış, artıq istifadə olunmuş və ya müddəti bitmiş ola bilər. Lazım olsa, yenisini istəyin',
  'identity.passcode.error.tooShort': 'Parol ən azı 8 simvoldan ibarət olmalıdır',
  'identity.passcode.error.tooLong': 'Parol 128 simvoldan çox olmamalıdır',
  'identity.passcode.error.common':
    'Bu parol çox yayılmışdır və ya məlumat sızmalarından məlumdur. Təxmin edilməsi çətin olanı seçin, məsələn, bir-biri ilə əlaqəsi olmayan üç söz',
  'identity.passcode.error.containsFin': 'Parolda FİN-iniz olmamalıdır',
  'identity.passcode.error.containsBirthDate': 'Parolda doğum tarixiniz olmamalıdır',
  'identity.passcode.error.confirm': 'İki parol bir-biri ilə üst-üstə düşmür',
  'identity.activate.title': 'Parolunuzu təyin edin',
  'identity.activate.lead': 'FİN-i, aldığınız kodu və istifadə etmək istədiyiniz parolu daxil edin.',
  'identity.activate.sentTitle': 'Kod göndərildi',
  'identity.activate.sent': 'Kodu SMS ilə sonu {ending} olan nömrəyə göndərdik. O, 10 dəqiqə etibarlıdır.',
  'identity.activate.code': 'Aktivləşdirmə və ya SMS kodu',
  'identity.activate.code.hint': 'Xidmət mərkəzindən (ABCD-2345 kimi) və ya SMS-dən (6 rəqəm)',
  'identity.activate.passcode': 'Yeni parol',
  'identity.activate.passcode.hint':
    'Ən azı 8 simvol. Yayılmış parol olmamalı, FİN-inizi və ya doğum tarixinizi ehtiva etməməlidir',
  'identity.activate.confirm': 'Yeni parolu təsdiqləyin',
  'identity.activate.button': 'Parolu təyin et',
  'identity.done.title': 'Parolunuz hazırdır',
  'identity.done.body': 'İndi FİN və bu parolla portala daxil ola bilərsiniz.',
  'identity.done.resetTitle': 'Parolunuz bərpa olundu',
  'identity.done.resetBody': 'Köhnə parolla açılmış bütün seanslar bağlandı. FİN və yeni parolla daxil olun.',
  'identity.centre.title': 'Aktivləşdirmə kodu verin',
  'identity.centre.lead':
    'Şəxsiyyət vəsiqəsini şəxsən yoxlayın: şəkli, vəsiqənin özünü və etibarlılıq müddətini. Sonra onun FİN-ini və nömrəsini daxil edin.',
  'identity.centre.checkedLegend': 'Şəxsiyyətin yoxlanılması',
  'identity.centre.checked': 'Şəxsiyyət vəsiqəsini şəxsən yoxladım və onun sahibi buradadır',
  'identity.centre.button': 'Aktivləşdirmə kodu ver',
  'identity.centre.error.checked': 'Şəxsiyyət vəsiqəsini şəxsən yoxladığınızı təsdiqləyin',
  'identity.centre.issued.title': 'Aktivləşdirmə kodu',
  'identity.centre.issued.body':
    'Bu kodu {name} şəxsinə verin. Kod {expires} tarixinədək etibarlıdır və portalın «Parolunuzu təyin edin» səhifəsində bir dəfə istifadə oluna bilər.',
};

const ru: Catalogue = {
  'identity.passcode.title': 'Получить или восстановить пароль',
  'identity.passcode.lead':
    'Любой обладатель удостоверения личности может бесплатно получить пароль для портала. Есть два способа; забытый пароль восстанавливается теми же двумя способами.',
  'identity.passcode.centre.title': 'В центре обслуживания',
  'identity.passcode.centre.body':
    'Придите с удостоверением личности в любой центр обслуживания. Оператор проверит его и выдаст код активации, действующий 72 часа. Затем задайте пароль онлайн с этим кодом.',
  'identity.passcode.centre.link': 'У меня есть код активации',
  'identity.passcode.online.title': 'Онлайн, с кодом по SMS',
  'identity.passcode.online.body':
    'Введите ФИН и номер удостоверения личности. Мы отправим код на номер мобильного телефона, зарегистрированный вместе с удостоверением.',
  'identity.passcode.online.button': 'Отправить код',
  'identity.passcode.error.finFormat': 'Введите ФИН из 7 букв и цифр, как в удостоверении личности',
  'identity.passcode.error.cardFormat': 'Введите номер удостоверения в виде AZE12345678 или AA1234567',
  'identity.passcode.error.mismatch':
    'ФИН и номер удостоверения не совпадают с нашими записями. Сверьте оба с удостоверением',
  'identity.passcode.error.expired':
    'Срок действия этого удостоверения истёк. Сначала получите новое удостоверение, затем пароль',
  'identity.passcode.error.throttled':
    'Слишком много запросов с этого подключения. Подождите час и повторите',
  'identity.passcode.error.noPhone':
    'С этим удостоверением не зарегистрирован номер мобильного телефона. Получите код активации в центре обслуживания',
  'identity.passcode.error.tooManySms':
    'За последний час мы уже отправили 3 кода. Подождите час или используйте последний отправленный код',
  'identity.passcode.error.codeMissing': 'Введите код',
  'identity.passcode.error.codeInvalid':
    'Код недействителен: он введён с ошибкой, уже использован или истёк. При необходимости запросите новый',
  'identity.passcode.error.tooShort': 'Пароль должен содержать не менее 8 символов',
  'identity.passcode.error.tooLong': 'Пароль должен содержать не более 128 символов',
  'identity.passcode.error.common':
    'Этот пароль слишком распространён или известен по утечкам данных. Выберите более сложный, например три не связанных слова',
  'identity.passcode.error.containsFin': 'Пароль не должен содержать ваш ФИН',
  'identity.passcode.error.containsBirthDate': 'Пароль не должен содержать дату вашего рождения',
  'identity.passcode.error.confirm': 'Пароли не совпадают',
  'identity.activate.title': 'Задайте пароль',
  'identity.activate.lead': 'Введите ФИН, полученный код и пароль, который хотите использовать.',
  'identity.activate.sentTitle': 'Код отправлен',
  'identity.activate.sent':
    'Мы отправили код по SMS на номер, оканчивающийся на {ending}. Он действует 10 минут.',
  'identity.activate.code': 'Код активации или код из SMS',
  'identity.activate.code.hint': 'Из центра обслуживания (вида ABCD-2345) или из SMS (6 цифр)',
  'identity.activate.passcode': 'Новый пароль',
  'identity.activate.passcode.hint':
    'Не менее 8 символов. Не распространённый пароль, без вашего ФИН и даты рождения',
  'identity.activate.confirm': 'Повторите новый пароль',
  'identity.activate.button': 'Задать пароль',
  'identity.done.title': 'Ваш пароль готов',
  'identity.done.body': 'Теперь вы можете входить на портал с ФИН и этим паролем.',
  'identity.done.resetTitle': 'Пароль восстановлен',
  'identity.done.resetBody':
    'Все сеансы, открытые со старым паролем, завершены. Войдите с ФИН и новым паролем.',
  'identity.centre.title': 'Выдать код активации',
  'identity.centre.lead':
    'Проверьте удостоверение личности лично: фотографию, сам документ и срок действия. Затем введите ФИН и номер удостоверения.',
  'identity.centre.checkedLegend': 'Проверка личности',
  'identity.centre.checked': 'Я лично проверил(а) удостоверение, его владелец присутствует',
  'identity.centre.button': 'Выдать код активации',
  'identity.centre.error.checked': 'Подтвердите, что лично проверили удостоверение личности',
  'identity.centre.issued.title': 'Код активации',
  'identity.centre.issued.body':
    'Передайте этот код: {name}. Он действует до {expires} и может быть использован один раз на странице портала «Задайте пароль».',
};

export const passcodeMessages = { az, en, ru };
