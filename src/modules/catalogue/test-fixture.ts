import type { CatalogueFile } from './catalogue.model.ts';

/** A tiny catalogue for tests: two agencies, three categories, four services in every state. */
export function fixtureCatalogue(): CatalogueFile {
  return {
    categories: [
      {
        code: 'labour',
        name: { az: 'Əmək və məşğulluq', en: 'Labour and employment', ru: 'Труд и занятость' },
      },
      {
        code: 'social-protection',
        name: { az: 'Sosial müdafiə', en: 'Social protection', ru: 'Социальная защита' },
      },
      { code: 'communications', name: { az: 'Rabitə', en: 'Communications', ru: 'Связь' } },
    ],
    agencies: [
      {
        code: 'MLSPP',
        kind: 'ministry',
        name: {
          az: 'Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi',
          en: 'Ministry of Labour and Social Protection of Population',
          ru: 'Министерство труда и социальной защиты населения',
        },
        website: 'https://www.mlspp.gov.az',
        contact: { phone: '+994 12 541 98 10', email: 'info@mlspp.gov.az' },
      },
      {
        code: 'MCHT',
        kind: 'ministry',
        name: {
          az: 'Rabitə və Yüksək Texnologiyalar Nazirliyi',
          en: 'Ministry of Communications and High Technologies',
          ru: 'Министерство связи и высоких технологий',
        },
      },
    ],
    services: [
      {
        code: 'MLSPP-0002',
        agency: 'MLSPP',
        kind: 'application',
        authLevel: 'passcode',
        categories: ['social-protection'],
        name: {
          az: 'Ünvanlı dövlət sosial yardımının təyin edilməsi üçün müraciət',
          en: 'Apply for targeted social assistance',
          ru: 'Обращение за назначением адресной государственной социальной помощи',
        },
        summary: {
          az: 'Aztəminatlı ailələr sosial yardım üçün elektron müraciət edir.',
          en: 'Low-income families apply online for monthly state support.',
          ru: 'Малообеспеченные семьи подают заявление онлайн.',
        },
        fee: 0,
        processingDays: 10,
        documents: { az: ['Şəxsiyyət vəsiqəsi'], en: ['Identity card'], ru: ['Удостоверение личности'] },
      },
      {
        code: 'MLSPP-0001',
        agency: 'MLSPP',
        kind: 'application',
        authLevel: 'esignature',
        audience: ['businesses'],
        categories: ['labour'],
        name: {
          az: 'Əmək müqaviləsi bildirişlərinin qeydiyyatı',
          en: 'Registration of labour contract notifications',
          ru: 'Регистрация уведомлений о трудовых договорах',
        },
        summary: {
          az: 'İşəgötürən əmək müqaviləsi barədə bildiriş göndərir.',
          en: 'Employers notify the ministry of employment contracts; this also supports social assistance checks.',
          ru: 'Работодатель направляет уведомление о трудовом договоре.',
        },
        description: {
          az: 'Ətraflı təsvir.',
          en: 'Employers of any size use this register.',
          ru: 'Подробное описание.',
        },
      },
      {
        code: 'MCHT-0001',
        agency: 'MCHT',
        kind: 'lookup',
        authLevel: 'none',
        categories: ['communications'],
        channels: ['web', 'sms'],
        name: {
          az: 'Mobil nömrənin başqa şəbəkəyə keçirilməsi barədə məlumat',
          en: 'Information on numbers moved to another network (number portability)',
          ru: 'Информация о номерах, перенесённых в другую сеть',
        },
      },
      {
        code: 'MCHT-0099',
        agency: 'MCHT',
        kind: 'lookup',
        authLevel: 'none',
        categories: ['communications'],
        status: 'draft',
        name: { az: 'Qaralama xidmət', en: 'Draft phone directory service', ru: 'Черновик услуги' },
      },
    ],
  };
}
