import { downloadFile, request } from './http.js';
import { sessionStore } from './session-store.js';
import type { GroupBy, Report, ReportKind, StoredReportEntry } from '../../../firmware-bridge/contract.js';

export type { GroupBy, Report, ReportKind, StoredReportEntry };

function query(from: string, to: string, by: GroupBy | '', format?: 'csv'): string {
  const q = new URLSearchParams({ from, to });
  if (by) q.set('by', by);
  if (format) q.set('format', format);
  return `/api/reports?${q}`;
}

/** `GET /api/reports` (manager). */
export function fetchReport(from: string, to: string, by: GroupBy | ''): Promise<Report> {
  return request<Report>('GET', query(from, to, by), undefined, { auth: true });
}

export function fetchScheduledReports(): Promise<{ reports: StoredReportEntry[] }> {
  return request('GET', '/api/reports/scheduled', undefined, { auth: true });
}

/** The same figures as CSV, as the service writes them (one implementation for the API, CLI and UI). */
export function downloadReportCsv(from: string, to: string, by: GroupBy | ''): Promise<void> {
  return downloadFile(query(from, to, by, 'csv'), sessionStore.get()?.token ?? '', `frontdesk-report-${from}_${to}${by ? `-by-${by}` : ''}.csv`);
}
