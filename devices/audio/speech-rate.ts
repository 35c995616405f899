/**
 * Characters per minute (how docs/domain.md#audio-speaking-rate states speaking speed) → espeak-ng `-s` (words per minute).
 * Measured on espeak-ng 1.51 with `-v cmn-latn-pinyin`, two 27/28-character sentences, duration by
 * `soxi -D` (leading/trailing silence included):
 *   -s  80 → 98 cpm · 90 → 105 · 100 → 118 · 110 → 130 · 120 → 143 · 140 → 170 · 160 → 197 · 200 → 256 · 250 → 336
 * i.e. roughly cpm ≈ 1.2 × s at conversational speeds. espeak-ng will not go below -s 80.
 */
const measured: ReadonlyArray<readonly [speed: number, cpm: number]> = [
  [80, 97.7],
  [90, 104.9],
  [100, 117.6],
  [110, 130.2],
  [120, 142.6],
  [140, 169.6],
  [160, 196.5],
  [200, 255.8],
  [250, 335.6],
];

export function espeakSpeedForCpm(cpm: number): number {
  if (cpm <= measured[0][1]) return measured[0][0];
  for (let i = 1; i < measured.length; i++) {
    const [s0, c0] = measured[i - 1];
    const [s1, c1] = measured[i];
    if (cpm <= c1) return Math.round(s0 + ((cpm - c0) / (c1 - c0)) * (s1 - s0));
  }
  const [sa, ca] = measured[measured.length - 2];
  const [sb, cb] = measured[measured.length - 1];
  return Math.round(sb + ((cpm - cb) / (cb - ca)) * (sb - sa));
}
