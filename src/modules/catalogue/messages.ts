import { addMessages } from '../../platform/i18n/i18n.ts';
import { adminAz } from './messages/admin-az.ts';
import { adminEn } from './messages/admin-en.ts';
import { adminRu } from './messages/admin-ru.ts';
import { az } from './messages/az.ts';
import { en } from './messages/en.ts';
import { ru } from './messages/ru.ts';

addMessages({ az: { ...az, ...adminAz }, en: { ...en, ...adminEn }, ru: { ...ru, ...adminRu } });
