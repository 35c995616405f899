import { svg } from 'lit';
import type { Score } from '../api/ratings.js';

/** Mouth curve per score: a smile, a straight line, a frown (drawn, not emoji: a Pi has no emoji font). */
const MOUTHS: Record<Score, string> = {
  satisfied: 'M30 62 Q50 80 70 62',
  average: 'M32 66 L68 66',
  unsatisfied: 'M30 72 Q50 54 70 72',
};

/** A round face for a score, scaling to its box (viewBox 100×100), in the current text colour. */
export function ratingFace(score: Score) {
  return svg`<svg class="face-svg" viewBox="0 0 100 100" role="img" aria-hidden="true" data-face=${score}>
    <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="7" />
    <circle cx="35" cy="40" r="6" fill="currentColor" />
    <circle cx="65" cy="40" r="6" fill="currentColor" />
    <path d=${MOUTHS[score]} fill="none" stroke="currentColor" stroke-width="7" stroke-linecap="round" />
  </svg>`;
}
