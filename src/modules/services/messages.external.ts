import { addMessages } from '../../platform/i18n/i18n.ts';

// Texts of services answered by an agency's own system (external.routes.ts).
addMessages({
  en: {
    'services.external.button': 'Ask the agency',
    'services.external.answer': 'The answer of {agency}',
    'services.external.unavailable':
      'The system of {agency} did not answer. Nothing was sent on your behalf that needs repeating; please try again later.',
    'services.external.paused':
      'The system of {agency} is not answering at the moment, so we are not sending requests to it for a short while. Please try again in a few minutes.',
  },
  az: {
    'services.external.button': 'Quruma sorğu göndərin',
    'services.external.answer': '{agency} cavabı',
    'services.external.unavailable':
      '{agency} sistemi cavab vermədi. Sizin adınızdan təkrar tələb edən heç nə göndərilmədi; bir az sonra yenidən cəhd edin.',
    'services.external.paused':
      '{agency} sistemi hazırda cavab vermir, ona görə qısa müddət ona sorğu göndərmirik. Bir neçə dəqiqədən sonra yenidən cəhd edin.',
  },
  ru: {
    'services.external.button': 'Отправить запрос в ведомство',
    'services.external.answer': 'Ответ: {agency}',
    'services.external.unavailable':
      'Система ведомства «{agency}» не ответила. Ничего, что нужно было бы повторять, от вашего имени не отправлено; попробуйте позже.',
    'services.external.paused':
      'Система ведомства «{agency}» сейчас не отвечает, поэтому мы ненадолго перестали отправлять ей запросы. Попробуйте через несколько минут.',
  },
});
