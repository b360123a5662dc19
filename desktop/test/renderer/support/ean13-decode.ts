/** EAN-13 left digits in set A ("L"), GS1's table; set B ("G") is its mirror, set C ("R") its complement. */
const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const R = L.map((code) => [...code].map((bit) => (bit === '1' ? '0' : '1')).join(''));
const G = R.map((code) => [...code].reverse().join(''));
/** The first digit is carried by which of the left six are set A or B. */
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/**
 * Reads the 13 digits back from the 95 modules of an EAN-13, as a scanner would (written from
 * the GS1 tables, not from the encoder under test); null when they do not decode.
 */
export function decodeEan13(modules: string): string | null {
  if (modules.length !== 95 || !modules.startsWith('101') || modules.slice(45, 50) !== '01010' || !modules.endsWith('101')) return null;
  let parity = '';
  let digits = '';
  for (let index = 0; index < 6; index += 1) {
    const chunk = modules.slice(3 + index * 7, 10 + index * 7);
    const l = L.indexOf(chunk);
    const g = G.indexOf(chunk);
    if (l < 0 && g < 0) return null;
    parity += l >= 0 ? 'L' : 'G';
    digits += String(l >= 0 ? l : g);
  }
  for (let index = 0; index < 6; index += 1) {
    const r = R.indexOf(modules.slice(50 + index * 7, 57 + index * 7));
    if (r < 0) return null;
    digits += String(r);
  }
  const first = PARITY.indexOf(parity);
  return first < 0 ? null : `${first}${digits}`;
}

/** The modules an SVG's bars cover: `width` modules from the quiet zone on, '1' under a bar. */
export function modulesFromBars(bars: ReadonlyArray<{ x: number; width: number }>, quietLeft: number, width: number): string {
  const modules = Array.from({ length: width }, () => '0');
  for (const bar of bars) for (let module = bar.x; module < bar.x + bar.width; module += 1) modules[module - quietLeft] = '1';
  return modules.join('');
}
