/** "A" + 7 → "A007" (width from the day's maximum, 999 → three digits). */
export function formatTicketNumber(letter: string, n: number, max = 999): string {
  return `${letter}${String(n).padStart(String(max).length, '0')}`;
}
