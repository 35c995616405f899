import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEscPos } from '../../devices/printer/escpos-parser.js';
import { layoutTicket, localTime, ticketText, waitMinutes, type TicketPrintout } from '../../devices/printer/ticket-layout.js';
import { sampleTicket } from '../fixtures/sample-ticket.js';

/** A long but real-looking ticket: full site and service names, a public host name with a port. */
const longTicket: TicketPrintout = {
  siteName: { zh: '滨江区市民之家政务服务中心', en: 'Binjiang District Citizen Service Center' },
  number: 'A012',
  serviceName: { zh: '个人社保医保业务办理', en: 'Social and medical insurance' },
  issuedAt: '2026-11-24T01:30:05Z',
  timezone: 'Asia/Shanghai',
  ahead: 12,
  estimatedWaitSec: 1470,
  qrUrl: 'https://frontdesk.binjiang-service-hall.example.gov.cn:8443/t/01JDX3K8Y6Z9Q4M2N7P5R8S1T0?lang=zh-CN&site=binjiang-hall',
};

const typicalTicket: TicketPrintout = { ...sampleTicket, number: 'B007', serviceName: { zh: '咨询', en: 'Enquiries' }, issuedAt: '2026-11-24T09:05:00+08:00' };

test('a ticket with long names and a long URL stays under 600 bytes', () => {
  assert.ok(longTicket.qrUrl.length > 110);
  const bytes = layoutTicket(longTicket);
  assert.ok(bytes.length < 600, `ticket is ${bytes.length} bytes`);
  assert.ok(layoutTicket(typicalTicket).length < 500, `typical ticket is ${layoutTicket(typicalTicket).length} bytes`);
});

test('the bytes read back as the expected Chinese and English lines, one QR, one cut', () => {
  const doc = parseEscPos(layoutTicket(longTicket));
  assert.equal(doc.text, [
    '滨江区市民之家政务服务中心',
    'Binjiang District Citizen Service Center',
    'A012',
    '个人社保医保业务办理',
    'Social and medical insurance',
    '取号时间 Time: 2026-11-24 09:30',
    '前面还有 12 人 / 12 ahead',
    '预计等待约 25 分钟 / about 25 min',
    '扫码查看进度 / Scan for your turn',
    '您好，请留意叫号，过号请重新取号。谢谢！',
    'Please listen for your number; if missed, take a new one. Thank you!',
  ]);
  assert.equal(doc.text, ticketText(longTicket));
  assert.equal(doc.qr.map((q) => [q.data, q.model, q.errorCorrection]), [[longTicket.qrUrl, 2, 'M']]);
  assert.is(doc.cuts, 1);
  assert.is(doc.printouts[0].cut, 'partial');
  assert.is(doc.unknownCommands, 0);
});

test('the number is big, bold and centred; the rest is normal size', () => {
  const doc = parseEscPos(layoutTicket(typicalTicket));
  const number = doc.lines.find((l) => l.text === 'B007')!;
  assert.equal([number.width, number.height, number.bold, number.align], [2, 2, true, 'center']);
  for (const line of doc.lines.filter((l) => l.text !== 'B007')) assert.equal([line.width, line.height], [1, 1], line.text);
  assert.is(doc.lines.find((l) => l.text.startsWith('前面还有'))!.align, 'left');
});

test('a custom footer replaces the polite lines; no wait and local time in another zone', () => {
  const text = ticketText({
    ...typicalTicket,
    ahead: 0,
    estimatedWaitSec: 0,
    timezone: 'Europe/Berlin',
    footer: { zh: '谢谢您的耐心等待', en: 'Thank you for waiting' },
  });
  assert.ok(text.includes('无需等待 / no wait'));
  assert.ok(text.includes('取号时间 Time: 2026-11-24 02:05'));
  assert.equal(text.slice(-2), ['谢谢您的耐心等待', 'Thank you for waiting']);
});

test('wait minutes round up; bad times print as given', () => {
  assert.is(waitMinutes(20), 1);
  assert.is(waitMinutes(60), 1);
  assert.is(waitMinutes(61), 2);
  assert.is(waitMinutes(-5), 0);
  assert.is(waitMinutes(Number.NaN), 0);
  assert.is(localTime('not a time', 'Asia/Shanghai'), 'not a time');
  assert.is(localTime('2026-11-24T01:30:00Z', 'No/Such_Zone'), '2026-11-24T01:30:00Z');
});

test.run();
