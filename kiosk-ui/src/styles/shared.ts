import { css } from 'lit';

/** Colours and type shared by the screens (high contrast; sized for touch and distance). */
export const tokens = css`
  :host {
    --fd-bg: #f4f6fa;
    --fd-surface: #ffffff;
    --fd-text: #111827;
    --fd-muted: #4b5563;
    --fd-primary: #0b5cad;
    --fd-primary-text: #ffffff;
    --fd-accent: #c2410c;
    --fd-ok: #15803d;
    --fd-warn: #b45309;
    --fd-danger: #b91c1c;
    --fd-radius: 14px;
    --fd-touch: 48px;
    font-family: 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif;
    color: var(--fd-text);
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  .muted { color: var(--fd-muted); }
  .error { color: var(--fd-danger); font-weight: 600; }
  .error small { display: block; font-weight: 400; color: var(--fd-muted); }
`;
