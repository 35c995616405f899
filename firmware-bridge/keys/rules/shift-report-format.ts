import { categoryNames } from './key-inventory.js';
import type { Confirmation, ShiftReport } from './reconcile-rules.js';

const statusNames: Record<Confirmation, string> = { returned: '已归还 / returned', still_out: '仍借出 / still out', missing: '遗失 / missing' };

function csvCell(value: string | number | boolean | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  // Leading =,+,-,@ would run as formulas in a spreadsheet: prefix them.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (cells: (string | number | boolean | null | undefined)[]) => cells.map(csvCell).join(',');

/** One CSV with a `section` column, so it opens as a single sheet. UTF-8 BOM for Excel. */
export function shiftReportCsv(r: ShiftReport): string {
  const lines = [csvLine(['section', 'key', 'label', 'category', 'status', 'reason', 'holder', 'handed_out_at', 'due_back_at', 'overdue', 'note'])];
  for (const k of r.keys) lines.push(csvLine(['key', k.keyId, k.label, k.category, k.status, k.reason, k.holderName, k.handedOutAt, k.dueBackAt, k.overdue ? 'yes' : 'no', '']));
  for (const w of r.activity.wrongCards) lines.push(csvLine(['wrong_card', w.keyId, w.label, '', 'returned_with_other_card', '', '', '', w.returnedAt, '', `staff ${w.staff}`]));
  for (const l of r.leftBehind) lines.push(csvLine(['left_behind', '', l.item, '', '', '', '', '', '', '', [l.where, l.note].filter(Boolean).join(' — ')]));
  lines.push(csvLine(['summary', '', '', '', '', '', '', r.since ?? '', r.at, '', `handed out ${r.activity.handedOut}, returned ${r.activity.returned}`]));
  lines.push(csvLine(['handover', '', '', '', '', '', r.staff.number, '', r.at, '', r.handoverNote]));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function esc(s: string | null | undefined): string {
  return (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A self-contained page the manager prints (A4, no scripts). */
export function shiftReportHtml(r: ShiftReport, siteName: string): string {
  const keyRows = r.keys.length
    ? r.keys
        .map((k) => `<tr${k.overdue ? ' class="overdue"' : ''}><td>${esc(k.label)}<br><small>${esc(k.keyId)}</small></td><td>${esc(categoryNames[k.category as keyof typeof categoryNames]?.zh ?? k.category)}</td><td>${esc(k.holderName)}</td><td>${esc(k.handedOutAt.slice(0, 16).replace('T', ' '))}</td><td>${esc(k.dueBackAt?.slice(0, 16).replace('T', ' ') ?? '—')}${k.overdue ? ' ⚠' : ''}</td><td>${esc(statusNames[k.status])}</td><td>${esc(k.reason)}</td></tr>`)
        .join('\n')
    : '<tr><td colspan="7">钥匙全部归还 / All keys are back</td></tr>';
  const list = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : `<p>${empty}</p>`);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>交接班记录 / Shift handover ${esc(r.at.slice(0, 10))}</title>
<style>
body{font-family:"WenQuanYi Micro Hei",sans-serif;margin:2em;color:#111}
h1{font-size:1.4em;margin:0 0 .2em}table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;font-size:.9em}
th{background:#eee}tr.overdue td{background:#fde8e8}.note{white-space:pre-wrap;border:1px solid #999;padding:.6em}
.sign{margin-top:3em;display:flex;gap:4em}@media print{body{margin:0}}
</style></head><body>
<h1>交接班记录 / Shift handover</h1>
<p>${esc(siteName)} · ${esc(r.at.replace('T', ' ').slice(0, 19))} · 值班 / on duty: ${esc(r.staff.name)} (${esc(r.staff.number)})${r.since ? ` · 自 / since ${esc(r.since.replace('T', ' ').slice(0, 16))}` : ''}</p>
<p>本班借出 / handed out: ${r.activity.handedOut} · 归还 / returned: ${r.activity.returned} · 未归还 / still out: ${r.keys.filter((k) => k.status !== 'returned').length}</p>
<h2>借出钥匙核对 / Keys out</h2>
<table><thead><tr><th>钥匙 / Key</th><th>类别 / Category</th><th>借用人 / Holder</th><th>借出 / Out</th><th>应还 / Due</th><th>核对 / Check</th><th>说明 / Reason</th></tr></thead><tbody>
${keyRows}
</tbody></table>
<h2>发错的卡 / Wrong-card returns</h2>
${list(r.activity.wrongCards.map((w) => `${esc(w.label)} (${esc(w.keyId)}) — ${esc(w.returnedAt.replace('T', ' ').slice(0, 16))}, ${esc(w.staff)}`), '无 / None')}
<h2>遗留物品 / Left-behind items</h2>
${list(r.leftBehind.map((l) => `${esc(l.item)}${l.where ? ` — ${esc(l.where)}` : ''}${l.note ? ` (${esc(l.note)})` : ''}`), '无 / None')}
<h2>交接说明 / Handover note</h2>
<div class="note">${esc(r.handoverNote)}</div>
<div class="sign"><span>交班人 / Handed over by: ________</span><span>接班人 / Taken over by: ________</span><span>经理 / Manager: ________</span></div>
</body></html>
`;
}
