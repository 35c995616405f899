import { createStore } from '../lib/store.js';
import { en } from './en.js';
import { zhCN, type StringKey } from './zh-CN.js';
import type { Bilingual } from '../../../firmware-bridge/contract.js';

export type Locale = 'zh-CN' | 'en';
export type { StringKey } from './zh-CN.js';

const KEY = 'frontdesk.locale';
const tables = { 'zh-CN': zhCN, en } as const;

function initialLocale(): Locale {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** The UI language; zh-CN unless someone pressed the toggle. Watch it with `watch(this, locale)`. */
export const locale = createStore<Locale>(initialLocale());

/** Customer screens (the kiosk) set this false: one customer's English must not outlive them. */
let persist = true;

locale.subscribe((value) => {
  document.documentElement.lang = value;
  if (!persist) return;
  try {
    localStorage.setItem(KEY, value);
  } catch {
    /* ignore */
  }
});

/**
 * For shared customer screens: from now on the language is not stored, and it starts over in
 * zh-CN (also after a reload). Returns the function that stores it again (when leaving the screen).
 */
export function customerLocale(): () => void {
  persist = false;
  locale.set('zh-CN');
  return () => {
    persist = true;
  };
}

export function toggleLocale(): void {
  locale.set(locale.get() === 'zh-CN' ? 'en' : 'zh-CN');
}

/** The string for `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return tIn(locale.get(), key, vars);
}

/** Like t() but in a given language (for texts shown in both languages at once). */
export function tIn(lang: Locale, key: StringKey, vars: Record<string, string | number> = {}): string {
  const template: string = tables[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A zh/en pair in the current language (`primary`) or the other one (`secondary`). */
export function primary(text: Bilingual | string): string {
  if (typeof text === 'string') return text;
  return locale.get() === 'en' ? text.en : text.zh;
}

export function secondary(text: Bilingual | string): string {
  if (typeof text === 'string') return '';
  return locale.get() === 'en' ? text.zh : text.en;
}

/** "约 5 分钟" / "about 5 min" from seconds. */
export function formatWait(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return t('waitUnderMinute');
  return t('waitMinutes', { n: Math.round(seconds / 60) });
}
