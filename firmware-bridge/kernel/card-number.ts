/** Card numbers as typed, swiped or imported compare equal after this (spaces dropped, upper case). */
export function normalizeCard(card: string): string {
  return card.replace(/\s+/g, '').toUpperCase();
}
