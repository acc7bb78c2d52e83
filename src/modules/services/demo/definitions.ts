import type {
  ApplicationDefinition,
  FormField,
  LookupDefinition,
  ServiceDefinition,
  Text3,
} from '../definition.model.ts';
import { REFDOC_0003 } from './references.ts';

const t = (az: string, en: string, ru: string): Text3 => ({ az, en, ru });
const YES_NO = [
  { value: 'yes', label: t('Bəli', 'Yes', 'Да') },
  { value: 'no', label: t('Xeyr', 'No', 'Нет') },
];

const phoneKey = {
  name: 'phone',
  label: t('Telefon nömrəsi', 'Phone number', 'Номер телефона'),
  hint: t('9 rəqəm, məsələn 501234567', '9 digits, for example 501234567', '9 цифр, например 501234567'),
  pattern: '[0-9]{9}',
  maxLength: 9,
  error: t(
    'Telefon nömrəsini 9 rəqəmlə daxil edin, məsələn 501234567',
    'Enter the phone number as 9 digits, for example 501234567',
    'Введите номер телефона из 9 цифр, например 501234567',
  ),
};

export const SSAC_0001: LookupDefinition = {
  kind: 'lookup',
  dataset: 'ssac-exam-results',
  keys: [
    {
      name: 'applicantCode',
      label: t('Abituriyentin iş nömrəsi', 'Applicant code', 'Код абитуриента'),
      hint: t('7 rəqəm', '7 digits', '7 цифр'),
      pattern: '[0-9]{7}',
      maxLength: 7,
      error: t(
        'İş nömrəsini 7 rəqəmlə daxil edin',
        'Enter the applicant code as 7 digits',
        'Введите код абитуриента из 7 цифр',
      ),
    },
    {
      name: 'secret',
      label: t('Gizli nömrə', 'Secret number', 'Секретный номер'),
      hint: t(
        'İmtahan buraxılış vərəqəsindəki 6 rəqəm',
        'The 6 digits on your exam pass',
        '6 цифр с экзаменационного пропуска',
      ),
      pattern: '[0-9]{6}',
      maxLength: 6,
      error: t(
        'Gizli nömrəni 6 rəqəmlə daxil edin',
        'Enter the secret number as 6 digits',
        'Введите секретный номер из 6 цифр',
      ),
    },
  ],
  result: t(
    '{applicantCode} nömrəli abituriyentin nəticəsi: cəmi {total} bal (Azərbaycan dili {language}, riyaziyyat {mathematics}, tarix {history}).',
    'Result of applicant {applicantCode}: {total} points in total (Azerbaijani language {language}, mathematics {mathematics}, history {history}).',
    'Результат абитуриента {applicantCode}: всего {total} баллов (азербайджанский язык {language}, математика {mathematics}, история {history}).',
  ),
  notFound: t(
    'Bu iş nömrəsi və gizli nömrə ilə nəticə tapılmadı. Rəqəmləri yoxlayın.',
    'No result was found for this applicant code and secret number. Check the digits.',
    'Результат с таким кодом абитуриента и секретным номером не найден. Проверьте цифры.',
  ),
};

export const MCHT_0001: LookupDefinition = {
  kind: 'lookup',
  dataset: 'mcht-mnp',
  keys: [phoneKey],
  result: t(
    '{phone} nömrəsi {movedOn} tarixindən {operator} şəbəkəsinə keçirilib.',
    'Number {phone} moved to {operator} on {movedOn}.',
    'Номер {phone} перенесён в сеть {operator} {movedOn}.',
  ),
  notFound: t(
    'Bu nömrə başqa şəbəkəyə keçirilməyib: ilkin operatorda qalır.',
    'This number has not been moved: it stays with its original operator.',
    'Этот номер не переносился: он остаётся у исходного оператора.',
  ),
};

export const MCHT_0002: LookupDefinition = {
  kind: 'lookup',
  dataset: 'mcht-phone-directory',
  keys: [phoneKey],
  result: t('{phone}: {name}, {address}', '{phone}: {name}, {address}', '{phone}: {name}, {address}'),
  notFound: t(
    'Bu nömrə telefon kataloqunda yoxdur.',
    'This number is not in the phone directory.',
    'Этого номера нет в телефонном справочнике.',
  ),
};

function application(
  fields: FormField[],
  properties: Record<string, Record<string, unknown>>,
  required: string[],
  extra: Record<string, unknown> = {},
  deadlineWorkingDays = 10,
): ApplicationDefinition {
  return {
    kind: 'application',
    schema: { type: 'object', properties, required, additionalProperties: false, ...extra },
    fields,
    workflow: { deadlineWorkingDays },
    decision: { title: t('Müraciət üzrə qərar', 'Decision on the application', 'Решение по заявлению') },
  };
}

// JSON Schema's if/then; built from entries because a literal `then` key reads like a thenable.
const when = (field: string, value: string, required: string[]): Record<string, unknown> =>
  Object.fromEntries([
    ['if', { properties: { [field]: { const: value } }, required: [field] }],
    ['then', { required }],
  ]);

export const SSAC_0002 = application(
  [
    {
      name: 'examGroup',
      type: 'select',
      label: t('İxtisas qrupu', 'Subject group', 'Группа специальностей'),
      options: ['I', 'II', 'III', 'IV', 'V'].map((g) => ({
        value: g,
        label: t(`${g} qrup`, `Group ${g}`, `${g} группа`),
      })),
    },
    {
      name: 'examLanguage',
      type: 'radios',
      label: t('İmtahan dili', 'Language of the exam', 'Язык экзамена'),
      options: [
        { value: 'az', label: t('Azərbaycan dili', 'Azerbaijani', 'Азербайджанский') },
        { value: 'ru', label: t('Rus dili', 'Russian', 'Русский') },
      ],
    },
    { name: 'city', type: 'text', label: t('İmtahan şəhəri', 'City of the exam', 'Город сдачи экзамена') },
    {
      name: 'triedBefore',
      type: 'radios',
      label: t(
        'Əvvəllər imtahan vermisiniz?',
        'Have you taken the exam before?',
        'Сдавали ли вы экзамен раньше?',
      ),
      options: YES_NO,
    },
    {
      name: 'previousYear',
      type: 'number',
      label: t('Hansı ildə?', 'In which year?', 'В каком году?'),
      showIf: { field: 'triedBefore', equals: 'yes' },
      error: t(
        'İli 2000 ilə 2026 arasında daxil edin',
        'Enter a year between 2000 and 2026',
        'Введите год от 2000 до 2026',
      ),
    },
  ],
  {
    examGroup: { enum: ['I', 'II', 'III', 'IV', 'V'] },
    examLanguage: { enum: ['az', 'ru'] },
    city: { type: 'string', minLength: 2, maxLength: 60 },
    triedBefore: { enum: ['yes', 'no'] },
    previousYear: { type: 'integer', minimum: 2000, maximum: 2026 },
  },
  ['examGroup', 'examLanguage', 'city', 'triedBefore'],
  when('triedBefore', 'yes', ['previousYear']),
);

export const MLSPP_0001 = application(
  [
    {
      name: 'employerTin',
      type: 'text',
      label: t('İşəgötürənin VÖEN-i', 'Employer’s tax number (VÖEN)', 'ИНН (VÖEN) работодателя'),
      hint: t('10 rəqəm', '10 digits', '10 цифр'),
      error: t('VÖEN-i 10 rəqəmlə daxil edin', 'Enter the VÖEN as 10 digits', 'Введите VÖEN из 10 цифр'),
    },
    { name: 'position', type: 'text', label: t('Vəzifə', 'Position', 'Должность') },
    {
      name: 'startDate',
      type: 'date',
      label: t('İşə başlama tarixi', 'Start date', 'Дата начала работы'),
      hint: t('İİİİ-AA-GG', 'YYYY-MM-DD', 'ГГГГ-ММ-ДД'),
    },
    {
      name: 'salary',
      type: 'number',
      label: t('Aylıq əmək haqqı, AZN', 'Monthly salary, AZN', 'Месячная зарплата, AZN'),
    },
    {
      name: 'contractType',
      type: 'radios',
      label: t('Müqavilənin növü', 'Type of contract', 'Вид договора'),
      options: [
        { value: 'indefinite', label: t('Müddətsiz', 'Indefinite', 'Бессрочный') },
        { value: 'fixed', label: t('Müddətli', 'Fixed term', 'Срочный') },
      ],
    },
    {
      name: 'endDate',
      type: 'date',
      label: t('Bitmə tarixi', 'End date', 'Дата окончания'),
      hint: t('İİİİ-AA-GG', 'YYYY-MM-DD', 'ГГГГ-ММ-ДД'),
      showIf: { field: 'contractType', equals: 'fixed' },
    },
    {
      name: 'contract',
      type: 'file',
      label: t(
        'İmzalanmış əmək müqaviləsi',
        'The signed employment contract',
        'Подписанный трудовой договор',
      ),
      hint: t('PDF, 5 MB-dan çox olmayaraq', 'PDF, at most 5 MB', 'PDF, не более 5 МБ'),
      accept: ['application/pdf'],
      maxBytes: 5 * 1024 * 1024,
    },
  ],
  {
    employerTin: { type: 'string', pattern: '^[0-9]{10}$' },
    position: { type: 'string', minLength: 2, maxLength: 100 },
    startDate: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    salary: { type: 'number', minimum: 345, maximum: 1000000 },
    contractType: { enum: ['indefinite', 'fixed'] },
    endDate: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    contract: { type: 'object' },
  },
  ['employerTin', 'position', 'startDate', 'salary', 'contractType'],
  when('contractType', 'fixed', ['endDate']),
  5,
);
// Three question pages; the end date (page three) is asked only when page two says the contract is fixed-term.
MLSPP_0001.pages = [
  {
    name: 'employer',
    title: t('İşəgötürən', 'The employer', 'Работодатель'),
    fields: ['employerTin', 'position'],
  },
  {
    name: 'terms',
    title: t('Müqavilənin şərtləri', 'Terms of the contract', 'Условия договора'),
    fields: ['startDate', 'salary', 'contractType'],
  },
  {
    name: 'documents',
    title: t('Müqavilə', 'The contract', 'Договор'),
    fields: ['endDate', 'contract'],
  },
];

export const MLSPP_0002 = application(
  [
    {
      name: 'householdSize',
      type: 'number',
      label: t('Ailə üzvlərinin sayı', 'Number of people in the household', 'Число членов семьи'),
    },
    {
      name: 'monthlyIncome',
      type: 'number',
      label: t('Ailənin aylıq gəliri, AZN', 'Monthly household income, AZN', 'Месячный доход семьи, AZN'),
    },
    {
      name: 'employment',
      type: 'radios',
      label: t('Məşğulluq vəziyyəti', 'Employment status', 'Занятость'),
      options: [
        { value: 'employed', label: t('İşləyir', 'Employed', 'Работает') },
        { value: 'unemployed', label: t('İşsizdir', 'Unemployed', 'Безработный') },
        { value: 'pensioner', label: t('Təqaüdçüdür', 'Pensioner', 'Пенсионер') },
      ],
    },
    { name: 'address', type: 'textarea', label: t('Yaşayış ünvanı', 'Home address', 'Адрес проживания') },
    {
      name: 'reason',
      type: 'textarea',
      label: t('Müraciətin səbəbi', 'Why you are applying', 'Причина обращения'),
    },
  ],
  {
    householdSize: { type: 'integer', minimum: 1, maximum: 30 },
    monthlyIncome: { type: 'number', minimum: 0, maximum: 100000 },
    employment: { enum: ['employed', 'unemployed', 'pensioner'] },
    address: { type: 'string', minLength: 5, maxLength: 300 },
    reason: { type: 'string', minLength: 5, maxLength: 2000 },
  },
  ['householdSize', 'monthlyIncome', 'employment', 'address'],
  {},
  20,
);

export const NAMED_DEFINITIONS: Record<string, ServiceDefinition> = {
  'SSAC-0001': SSAC_0001,
  'MCHT-0001': MCHT_0001,
  'MCHT-0002': MCHT_0002,
  'SSAC-0002': SSAC_0002,
  'MLSPP-0001': MLSPP_0001,
  'MLSPP-0002': MLSPP_0002,
  'REFDOC-0003': REFDOC_0003,
};

const GENERIC_LOOKUP: LookupDefinition = {
  kind: 'lookup',
  dataset: 'generic-records',
  keys: [
    {
      name: 'reference',
      label: t('Sənədin nömrəsi', 'Document number', 'Номер документа'),
      hint: t(
        '6–12 hərf və rəqəm, məsələn DEMO0001',
        '6–12 letters and digits, for example DEMO0001',
        '6–12 букв и цифр, например DEMO0001',
      ),
      pattern: '[A-Z0-9]{6,12}',
      maxLength: 12,
      error: t(
        'Nömrəni 6–12 böyük hərf və rəqəmlə daxil edin',
        'Enter 6–12 capital letters and digits',
        'Введите 6–12 заглавных букв и цифр',
      ),
    },
  ],
  result: t(
    '{reference} nömrəli sənəd: {status}',
    'Document {reference}: {status}',
    'Документ {reference}: {status}',
  ),
  notFound: t(
    'Bu nömrə ilə qeyd tapılmadı.',
    'No record was found with this number.',
    'Запись с таким номером не найдена.',
  ),
};

const GENERIC_APPLICATION = application(
  [
    {
      name: 'subject',
      type: 'text',
      label: t('Müraciətin mövzusu', 'Subject of the application', 'Тема заявления'),
    },
    { name: 'details', type: 'textarea', label: t('Ətraflı məlumat', 'Details', 'Подробности') },
  ],
  {
    subject: { type: 'string', minLength: 3, maxLength: 150 },
    details: { type: 'string', minLength: 3, maxLength: 3000 },
  },
  ['subject', 'details'],
);

/** The simple definition a catalogue entry without a hand-written one gets, by its kind. */
export function generatedDefinition(kind: string): ServiceDefinition {
  if (kind === 'lookup') return GENERIC_LOOKUP;
  if (kind === 'application') return GENERIC_APPLICATION;
  return {
    kind: kind === 'reference' ? 'reference' : 'external',
    note: t(
      'Bu xidmət qurumun öz informasiya sistemi vasitəsilə göstərilir.',
      'This service is provided through the agency’s own information system.',
      'Эта услуга предоставляется через собственную информационную систему ведомства.',
    ),
  };
}
