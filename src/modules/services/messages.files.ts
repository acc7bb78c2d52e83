import { addMessages } from '../../platform/i18n/i18n.ts';

// File uploads and multi-page forms (uploads.ts, apply-page.ts).
const en = {
  'services.file.kb': '{n} KB',
  'services.file.mb': '{n} MB',
  'services.file.type.application/pdf': 'PDF',
  'services.file.type.image/jpeg': 'JPG',
  'services.file.type.image/png': 'PNG',
  'services.file.error.type': '“{label}”: the selected file must be a {types}',
  'services.file.error.size': '“{label}”: the selected file must be smaller than {max}',
  'services.file.error.required': '“{label}”: select a file',
  'services.file.current': 'Uploaded file',
  'services.file.download': 'Download',
  'services.file.replace': 'To replace it, choose another file.',
  'services.file.remove': 'Remove this file',
  'services.file.files': 'Files',
  'services.apply.back': 'Back',
  'services.apply.pageOf': 'Page {n} of {of}',
};

type Catalogue = Record<keyof typeof en, string>;

const az: Catalogue = {
  'services.file.kb': '{n} KB',
  'services.file.mb': '{n} MB',
  'services.file.type.application/pdf': 'PDF',
  'services.file.type.image/jpeg': 'JPG',
  'services.file.type.image/png': 'PNG',
  'services.file.error.type': '“{label}”: seçilmiş fayl bu növdə olmalıdır: {types}',
  'services.file.error.size': '“{label}”: seçilmiş fayl {max}-dan kiçik olmalıdır',
  'services.file.error.required': '“{label}”: fayl seçin',
  'services.file.current': 'Yüklənmiş fayl',
  'services.file.download': 'Endir',
  'services.file.replace': 'Dəyişmək üçün başqa fayl seçin.',
  'services.file.remove': 'Bu faylı sil',
  'services.file.files': 'Fayllar',
  'services.apply.back': 'Geri',
  'services.apply.pageOf': 'Səhifə {n} / {of}',
};

const ru: Catalogue = {
  'services.file.kb': '{n} КБ',
  'services.file.mb': '{n} МБ',
  'services.file.type.application/pdf': 'PDF',
  'services.file.type.image/jpeg': 'JPG',
  'services.file.type.image/png': 'PNG',
  'services.file.error.type': '«{label}»: выбранный файл должен быть в формате {types}',
  'services.file.error.size': '«{label}»: выбранный файл должен быть меньше {max}',
  'services.file.error.required': '«{label}»: выберите файл',
  'services.file.current': 'Загруженный файл',
  'services.file.download': 'Скачать',
  'services.file.replace': 'Чтобы заменить его, выберите другой файл.',
  'services.file.remove': 'Удалить этот файл',
  'services.file.files': 'Файлы',
  'services.apply.back': 'Назад',
  'services.apply.pageOf': 'Страница {n} из {of}',
};

addMessages({ az, en, ru });
