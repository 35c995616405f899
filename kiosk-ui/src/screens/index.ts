// THE list of screens. To add one, add ONE line below (see kiosk-ui/README.md): the element's
// file name is its tag, and it is loaded only when its path is opened.
import type { Bilingual } from '../api/types.js';

export interface ScreenEntry {
  /** Path pattern; `:name` segments become `params.name` on the element (e.g. `/t/:id`). */
  path: string;
  /** Custom element tag, defined by the lazily imported module (file name = tag). */
  tag: string;
  load: () => Promise<unknown>;
  title: Bilingual;
  /** Staff must log in first (the shell shows the staff login and keeps the token). */
  staff: boolean;
  /** Customer-facing: no app bar, the screen draws its own corner language toggle. */
  fullscreen?: boolean;
  /** Not listed on the home screen (pages reached by a link, like /t/{id}). */
  hidden?: boolean;
}

export const screens: ScreenEntry[] = [
  { path: '/kiosk', tag: 'kiosk-screen', load: () => import('./kiosk-screen.js'), title: { zh: '自助取号', en: 'Take a number' }, staff: false, fullscreen: true },
  { path: '/counter', tag: 'counter-screen', load: () => import('./counter-screen.js'), title: { zh: '窗口叫号', en: 'Counter' }, staff: true },
  { path: '/board', tag: 'board-screen', load: () => import('./board-screen.js'), title: { zh: '大厅叫号屏', en: 'Hall board' }, staff: false, fullscreen: true },
  { path: '/t/:id', tag: 'ticket-screen', load: () => import('./ticket-screen.js'), title: { zh: '排队进度', en: 'Ticket status' }, staff: false, fullscreen: true, hidden: true },
  { path: '/followups', tag: 'followups-screen', load: () => import('./followups-screen.js'), title: { zh: '回访', en: 'Follow-ups' }, staff: true },
  { path: '/reports', tag: 'reports-screen', load: () => import('./reports-screen.js'), title: { zh: '报表', en: 'Reports' }, staff: true },
  { path: '/stats', tag: 'stats-screen', load: () => import('./stats-screen.js'), title: { zh: '统计', en: 'Statistics' }, staff: true },
  { path: '/rate/:counter', tag: 'rating-buttons', load: () => import('../components/rating-buttons.js'), title: { zh: '服务评价', en: 'Rate our service' }, staff: false, fullscreen: true, hidden: true },
  { path: '/keys', tag: 'keys-screen', load: () => import('./keys-screen.js'), title: { zh: '钥匙手牌', en: 'Keys' }, staff: true },
  { path: '/members', tag: 'members-screen', load: () => import('./members-screen.js'), title: { zh: '会员卡业务', en: 'Member cards' }, staff: true },
  { path: '/bookings', tag: 'bookings-screen', load: () => import('./bookings-screen.js'), title: { zh: '课程预订', en: 'Class bookings' }, staff: true },
  { path: '/guests', tag: 'guests-screen', load: () => import('./guests-screen.js'), title: { zh: '来访登记', en: 'Guests' }, staff: true },
  { path: '/complaints', tag: 'complaints-screen', load: () => import('./complaints-screen.js'), title: { zh: '投诉处理', en: 'Complaints' }, staff: true },
  { path: '/handover', tag: 'handover-screen', load: () => import('./handover-screen.js'), title: { zh: '书面交接班', en: 'Written handover' }, staff: true },
  { path: '/shift', tag: 'shift-screen', load: () => import('./shift-screen.js'), title: { zh: '交接班', en: 'Shift handover' }, staff: true },
  { path: '/settings', tag: 'settings-screen', load: () => import('./settings-screen.js'), title: { zh: '设置', en: 'Settings' }, staff: true },
  // The manager dashboard, served by `frontdesk central` (it draws its own bar and manager login).
  { path: '/fleet', tag: 'fleet-screen', load: () => import('./fleet-screen.js'), title: { zh: '门店总览', en: 'All sites' }, staff: false, fullscreen: true, hidden: true },
  { path: '/fleet/sites/:site', tag: 'fleet-site-screen', load: () => import('./fleet-site-screen.js'), title: { zh: '门店详情', en: 'Site' }, staff: false, fullscreen: true, hidden: true },
  { path: '/fleet/reports', tag: 'fleet-reports-screen', load: () => import('./fleet-reports-screen.js'), title: { zh: '跨店报表', en: 'Cross-site report' }, staff: false, fullscreen: true, hidden: true },
  { path: '/desk', tag: 'desk-screen', load: () => import('./desk-screen.js'), title: { zh: '前台', en: 'Front desk' }, staff: true },
];
