// Entry point: the shell and what must work without the server (language, overlay, login).
import './app-shell.js';
import { locale } from './i18n/index.js';

document.documentElement.lang = locale.get();
