const en = {
  'identity.staff.title': 'Staff roles',
  'identity.staff.lead':
    'Give each person only the roles their work needs. Staff log in with their own passcode and an authenticator app.',
  'identity.staff.current': 'Current roles',
  'identity.staff.since': 'Since',
  'identity.staff.revoke': 'Remove',
  'identity.staff.grant': 'Give a role',
  'identity.staff.finHint': 'The person must already have a portal passcode',
  'identity.staff.agencyHint': 'Agency code (for example MLSPP), only for agency administrators and officers',
  'identity.staff.grantButton': 'Give role',
  'identity.staff.done.granted': 'The role has been given. It applies from the person’s next login.',
  'identity.staff.done.revoked': 'The role has been removed.',
  'identity.staff.error.finFormat': 'Enter a FIN of 7 letters and digits',
  'identity.staff.error.noAccount':
    'There is no portal account with this FIN. The person needs a passcode first',
  'identity.staff.error.roleInvalid': 'Choose a role',
  'identity.staff.error.agencyRequired': 'Enter the code of the agency this role is for',
  'identity.staff.error.agencyNotAllowed': 'This role is not tied to an agency; leave the agency empty',
  'identity.staff.error.forbidden': 'You cannot give this role',
  'identity.staff.error.duplicate': 'This person already has this role',
  'identity.staff.error.self': 'You cannot remove your own administrator role',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'identity.staff.title': 'Əməkdaş rolları',
  'identity.staff.lead':
    'Hər kəsə yalnız işi üçün lazım olan rolları verin. Əməkdaşlar öz parolu və autentifikator tətbiqi ilə daxil olurlar.',
  'identity.staff.current': 'Mövcud rollar',
  'identity.staff.since': 'Tarixdən',
  'identity.staff.revoke': 'Götür',
  'identity.staff.grant': 'Rol verin',
  'identity.staff.finHint': 'Şəxsin artıq portal parolu olmalıdır',
  'identity.staff.agencyHint':
    'Qurumun kodu (məsələn, MLSPP), yalnız qurum administratorları və əməkdaşları üçün',
  'identity.staff.grantButton': 'Rolu ver',
  'identity.staff.done.granted': 'Rol verildi. O, şəxsin növbəti girişindən qüvvəyə minir.',
  'identity.staff.done.revoked': 'Rol götürüldü.',
  'identity.staff.error.finFormat': '7 hərf və rəqəmdən ibarət FİN daxil edin',
  'identity.staff.error.noAccount': 'Bu FİN ilə portal hesabı yoxdur. Şəxs əvvəlcə parol almalıdır',
  'identity.staff.error.roleInvalid': 'Rol seçin',
  'identity.staff.error.agencyRequired': 'Bu rolun aid olduğu qurumun kodunu daxil edin',
  'identity.staff.error.agencyNotAllowed': 'Bu rol quruma bağlı deyil; qurum sahəsini boş saxlayın',
  'identity.staff.error.forbidden': 'Siz bu rolu verə bilməzsiniz',
  'identity.staff.error.duplicate': 'Bu şəxsin artıq bu rolu var',
  'identity.staff.error.self': 'Öz administrator rolunuzu götürə bilməzsiniz',
};

const ru: Catalogue = {
  'identity.staff.title': 'Роли сотрудников',
  'identity.staff.lead':
    'Давайте каждому только те роли, которые нужны для работы. Сотрудники входят со своим паролем и приложением-аутентификатором.',
  'identity.staff.current': 'Текущие роли',
  'identity.staff.since': 'С',
  'identity.staff.revoke': 'Снять',
  'identity.staff.grant': 'Назначить роль',
  'identity.staff.finHint': 'У человека уже должен быть пароль портала',
  'identity.staff.agencyHint':
    'Код ведомства (например, MLSPP), только для администраторов и сотрудников ведомств',
  'identity.staff.grantButton': 'Назначить',
  'identity.staff.done.granted': 'Роль назначена. Она действует со следующего входа.',
  'identity.staff.done.revoked': 'Роль снята.',
  'identity.staff.error.finFormat': 'Введите ФИН из 7 букв и цифр',
  'identity.staff.error.noAccount': 'Учётной записи с этим ФИН нет. Сначала человеку нужно получить пароль',
  'identity.staff.error.roleInvalid': 'Выберите роль',
  'identity.staff.error.agencyRequired': 'Введите код ведомства, для которого назначается роль',
  'identity.staff.error.agencyNotAllowed': 'Эта роль не связана с ведомством; оставьте поле ведомства пустым',
  'identity.staff.error.forbidden': 'Вы не можете назначить эту роль',
  'identity.staff.error.duplicate': 'У этого человека уже есть эта роль',
  'identity.staff.error.self': 'Нельзя снять собственную роль администратора',
};

export const staffMessages = { az, en, ru };
