type Bilingual = { zh: string; en: string };

/** Example values for the placeholders of announcement and call texts, so a preview sounds real. */
const samples: Record<string, Bilingual> = {
  close: { zh: '21:00', en: '21:00' },
  name: { zh: '动感单车', en: 'Spinning' },
  time: { zh: '19:00', en: '19:00' },
  room: { zh: '一号教室', en: 'Studio 1' },
  // Ticket digits one by one (espeak-ng reads "012" as a number).
  number: { zh: ' A 0 1 2 ', en: 'A 0 1 2' },
  counter: { zh: '1号窗口', en: 'counter 1' },
};

/** The text with each known `{placeholder}` filled with an example; unknown ones are left as written. */
export function previewText(text: Bilingual): Bilingual {
  const fill = (s: string, lang: keyof Bilingual) => s.replace(/\{(\w+)\}/g, (whole, key: string) => samples[key]?.[lang] ?? whole).replace(/\s+/g, ' ').trim();
  return { zh: fill(text.zh, 'zh'), en: fill(text.en, 'en') };
}
