import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from '../../../src/platform/i18n/ui/en-US.ts';
import { recordsOfficeEnUS } from '../../../src/platform/i18n/ui/records-office.en-US.ts';
import { recordsOfficeZhCN } from '../../../src/platform/i18n/ui/records-office.zh-CN.ts';
import { zhCN } from '../../../src/platform/i18n/ui/zh-CN.ts';
import { setApiLanguage } from '../api/client.ts';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'volunet.lang';

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
setApiLanguage(i18n.language);
i18n.addResourceBundle('zh-CN', 'translation', recordsOfficeZhCN, true);
i18n.addResourceBundle('en-US', 'translation', recordsOfficeEnUS, true);

const CHOSEN_KEY = 'volunet.lang.chosen';

/** A language picked before signing in (on the sign-in page): it wins over the account's setting at sign-in. */
export function chooseLanguageSignedOut(lng: Language) {
  sessionStorage.setItem(CHOSEN_KEY, lng);
  return changeLanguage(lng);
}

/** The language picked before signing in, if any, taken once. */
export function takeChosenLanguage(): Language | undefined {
  const chosen = sessionStorage.getItem(CHOSEN_KEY);
  sessionStorage.removeItem(CHOSEN_KEY);
  return (LANGUAGES as readonly string[]).includes(chosen ?? '') ? (chosen as Language) : undefined;
}

export function changeLanguage(lng: Language) {
  localStorage.setItem(STORAGE_KEY, lng);
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  return i18n.changeLanguage(lng);
}

export default i18n;
