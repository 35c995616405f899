type Bilingual = { zh: string; en: string };

/**
 * What staff should do after a test print, from the printer's state detail or the print's refusal
 * reason (the driver's words: "paper out", "cover open", "cannot open /dev/…", …).
 */
export function printerAdvice(printed: boolean, state: string, detail: string): Bilingual {
  const said = detail.toLowerCase();
  if (said.includes('paper out')) return { zh: '打印机缺纸：请装入新纸卷并合上盖子', en: 'The printer is out of paper: load a new roll and close the cover.' };
  if (said.includes('cover open')) return { zh: '打印机盖子开着：请合上盖子', en: 'The printer cover is open: close it.' };
  if (said.includes('printer error')) return { zh: '打印机报错：请关掉电源再打开', en: 'The printer reports an error: switch it off and on again.' };
  if (said.includes('cannot open') || said.includes('not open') || said.includes('connecting') || said.includes('no answer'))
    return { zh: '连不上打印机：请检查电源、数据线和端口设置（改端口或波特率需重启后生效）', en: 'The printer does not answer: check its power, its cable and the port setting (a changed port or baud takes effect after a restart).' };
  if (said.includes('no printer configured')) return { zh: '未配置打印机：请在设备设置中选择打印机', en: 'No printer is configured: choose one in the device settings.' };
  if (!printed) return { zh: '测试票未打印：请检查打印机', en: 'The test ticket was not printed: check the printer.' };
  if (said.includes('paper near end')) return { zh: '已打印测试票；纸快用完了，请准备新纸卷', en: 'Test ticket printed; the paper is nearly out, have a new roll ready.' };
  return { zh: '已打印测试票，请查看打印效果', en: 'Test ticket printed: check how it looks.' };
}
