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

/** A bookable class as the bookings service lists it (only what the announcement needs). */
export interface ClassSeats {
  name: { zh: string; en: string };
  at: string;
  free: number;
}

/**
 * The class announcement with its free seats, counted when it is said (not when the day was
 * planned): the class starting at `at` (HH:MM local) whose name is in the text gets `seatsText`
 * with {free} appended, or `fullText` when no seat is left. A class without seats is said as planned.
 */
export function withFreeSeats(
  text: { zh: string; en: string },
  at: string,
  classes: readonly ClassSeats[],
  templates: { seatsText: { zh: string; en: string }; fullText: { zh: string; en: string } },
): { zh: string; en: string } {
  const starting = classes.filter((c) => c.at === at);
  const cls = starting.length === 1 ? starting[0] : starting.find((c) => text.zh.includes(c.name.zh));
  if (!cls) return text;
  const free = String(Math.max(0, cls.free));
  const add = cls.free > 0 ? { zh: fillTemplate(templates.seatsText.zh, { free }), en: fillTemplate(templates.seatsText.en, { free }) } : templates.fullText;
  return { zh: text.zh + add.zh, en: `${text.en} ${add.en}` };
}
