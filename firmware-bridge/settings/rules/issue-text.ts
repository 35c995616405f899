/**
 * The config loader's messages are English (they serve `check-config` on a terminal); the settings
 * screen shows them zh-CN first with the English after: "中文 · English". Known wordings are
 * translated with their values; anything else gets a general Chinese lead, so nothing is English only.
 */
const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^unknown keys? (.+)$/, (m) => `未知的设置项 ${m[1]}`],
  [/^is required/, () => '必须填写'],
  [/^Invalid input: expected (\w+), received (\w+)/, (m) => `类型不对：应为 ${typeName(m[1])}`],
  [/^Too small: expected (string|array) to have >=?(\d+)/, (m) => (m[1] === 'string' ? `不能少于 ${m[2]} 个字符` : `至少需要 ${m[2]} 项`)],
  [/^Too big: expected (string|array) to have <=?(\d+)/, (m) => (m[1] === 'string' ? `不能多于 ${m[2]} 个字符` : `最多 ${m[2]} 项`)],
  [/^Too small: expected number to be >=?(-?[\d.]+)/, (m) => `不能小于 ${m[1]}`],
  [/^Too big: expected number to be <=?(-?[\d.]+)/, (m) => `不能大于 ${m[1]}`],
  [/^Invalid (?:option|input): expected one of (.+)$/, (m) => `只能是以下之一：${m[1]}`],
  [/^Invalid string: must match pattern/, () => '格式不对'],
  [/^must be a time of day/, () => '应为 24 小时制时间 "HH:MM"'],
  [/^must be a date as/, () => '应为日期 "YYYY-MM-DD"'],
  [/^must be a day of the year/, () => '应为 "MM-DD" 格式的日期'],
  [/^must be 1 to 6 digits/, () => '应为 1 到 6 位数字'],
  [/^must be one capital letter/, () => '应为一个大写字母 A-Z'],
  [/^must use only/, () => '只能使用字母、数字和 "-" "_"（小写）'],
  [/^must be an IANA time zone/, () => '应为时区名称，如 "Asia/Shanghai"'],
  [/^must be a hash made by/, () => '应为 `frontdesk hash-pin` 生成的哈希值，不能填写密码本身'],
  [/^close must be later than open/, () => '关门时间应晚于开门时间'],
  [/^give both open and close/, () => '短营业日请同时填写开门和关门时间，闭馆日两者都不填'],
  [/^to must (?:be later than|not be below) from/, () => '结束应不早于开始'],
  [/^at least one service is needed/, () => '至少需要一项服务'],
  [/^at least one counter is needed/, () => '至少需要一个窗口'],
  [/^at least one counter must serve it/, () => '至少需要一个窗口办理此服务'],
  [/^duplicate (.+?) "(.*)" \(also at index (\d+)\)/, (m) => `与第 ${Number(m[3]) + 1} 项重复：${m[1]} "${m[2]}"`],
  [/^unknown counter "(.*)"/, (m) => `没有窗口 "${m[1]}"`],
  [/^unknown playlist "(.*)"/, (m) => `没有歌单 "${m[1]}"（请先在 audio.playlists 中添加）`],
  [/^a range holds at most (\d+) keys/, (m) => `一个范围最多 ${m[1]} 把钥匙`],
  [/^espeak-ng cannot speak Chinese slower/, () => '语速不能低于每分钟约 95 个字'],
];

function typeName(type: string): string {
  return ({ string: '文字', number: '数字', boolean: '是/否', array: '列表', object: '一组设置' } as Record<string, string>)[type] ?? type;
}

/** One loader message as "中文 · English"; a message already bilingual stays as it is. */
export function bilingualIssue(message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  for (const [pattern, zh] of patterns) {
    const match = message.match(pattern);
    if (match) return `${zh(match)} · ${message}`;
  }
  return `设置值无效 · ${message}`;
}
