/** Wording of what the desk says: templates, times and ticket numbers as espeak-ng should read them. */

/** Replace `{key}` placeholders; unknown keys stay visible so a typo in config is heard, not hidden. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** "19:00" → "19点", "21:30" → "21点30分" (espeak-ng reads "19:00" digit by digit). */
export function clockZh(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return m === 0 ? `${h}点` : `${h}点${m}分`;
}

/**
 * A ticket number spoken character by character: "A012" → "A 0 1 2" (espeak-ng reads "012" as
 * a number, "零十二"). Shown text keeps "A012"; only the spoken form is spaced.
 */
export function spacedTicket(number: string): string {
  return [...number].join(' ');
}

/** Characters that take speaking time in Chinese text (for rate checks): Han, Latin letters, digits. */
export function spokenCharacters(text: string): number {
  return [...text].filter((c) => /[\p{Script=Han}A-Za-z0-9]/u.test(c)).length;
}
