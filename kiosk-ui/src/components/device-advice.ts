import type { Bilingual, DeviceStatus } from '../api/types.js';

/**
 * What the desk should do about a device that is not ok, in words (打印机缺纸：请更换打印纸),
 * instead of the driver's raw detail ("paper out", "spawn espeak-ng ENOENT"). The raw detail stays
 * available to maintenance (as a tooltip) but is never the message.
 */
const rules: { device: string; match: RegExp; advice: Bilingual }[] = [
  { device: 'printer', match: /paper out/i, advice: { zh: '打印机缺纸：请更换打印纸', en: 'Printer out of paper: load a new roll' } },
  { device: 'printer', match: /cover open/i, advice: { zh: '打印机纸仓盖打开：请合上纸仓盖', en: 'Printer cover open: close the cover' } },
  { device: 'printer', match: /near end/i, advice: { zh: '打印纸将用尽：请准备新纸卷', en: 'Paper running low: have a new roll ready' } },
  { device: 'printer', match: /being fed/i, advice: { zh: '正在走纸：松开走纸键即可', en: 'Paper feed button held: release it' } },
  { device: 'printer', match: /printer error/i, advice: { zh: '打印机故障：请关闭打印机电源，10 秒后再打开', en: 'Printer error: switch it off, wait 10 s, switch it on' } },
  { device: 'printer', match: /.*/, advice: { zh: '打印机未连接：请检查电源和数据线', en: 'Printer not connected: check its power and cable' } },
  { device: 'panel', match: /.*/, advice: { zh: '评价按键未连接：请检查按键盒的 USB 线', en: 'Rating buttons not connected: check the USB cable' } },
  { device: 'audio', match: /speech|espeak|tts|语音/i, advice: { zh: '语音播报不可用：请联系维护人员安装语音组件', en: 'Spoken calls unavailable: ask maintenance to install the speech engine' } },
  { device: 'audio', match: /playlist|music|no audio files/i, advice: { zh: '背景音乐文件缺失：请检查音乐文件夹', en: 'Music files missing: check the music folder' } },
  { device: 'audio', match: /.*/, advice: { zh: '广播无法播放：请检查音箱连接和音量', en: 'Audio cannot play: check the speakers and volume' } },
  { device: 'mqtt', match: /.*/, advice: { zh: '数据上报中断：不影响前台使用，网络恢复后自动补发', en: 'Telemetry link down: the desk works on; data is sent once the network is back' } },
];

export function deviceAdvice(id: string, status: Pick<DeviceStatus, 'state' | 'detail'>): Bilingual | null {
  if (status.state === 'ok') return null;
  const detail = status.detail ?? '';
  const rule = rules.find((r) => r.device === id && r.match.test(detail));
  return rule?.advice ?? { zh: '设备需要检查：请联系维护人员', en: 'Device needs attention: call maintenance' };
}
