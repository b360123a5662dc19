import { barRuns, isEan13Guard, type LabelBarcode } from '../../labels/label-barcode';

/** Quiet zones either side of the bars, in modules (EAN-13: 11 left, 7 right; Code 128: 10). */
const QUIET = { EAN13: [11, 7], CODE128: [10, 10] } as const;
const BAR_HEIGHT = 40;
const GUARD_EXTRA = 5;
const TEXT_HEIGHT = 11;

/**
 * A barcode drawn as SVG rects from the encoder's modules, with the human-readable digits under it
 * (EAN-13 in its 1 + 6 + 6 groups). `data-code` and `data-symbology` say what it encodes.
 */
export function LabelBarcodeSvg({ barcode }: { barcode: Exclude<LabelBarcode, { symbology: 'NONE' }> }) {
  const [left, right] = QUIET[barcode.symbology];
  const width = left + barcode.modules.length + right;
  const ean = barcode.symbology === 'EAN13';
  const height = BAR_HEIGHT + (ean ? GUARD_EXTRA : 0) + TEXT_HEIGHT;
  return (
    <svg
      className="label__barcode"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={barcode.code}
      data-testid="label-barcode"
      data-symbology={barcode.symbology}
      data-code={barcode.code}
      data-quiet-left={left}
    >
      <rect x={0} y={0} width={width} height={height} fill="#fff" />
      {barRuns(barcode.modules).map(([start, run]) => (
        <rect key={start} x={left + start} y={0} width={run} height={BAR_HEIGHT + (ean && isEan13Guard(start) ? GUARD_EXTRA : 0)} fill="#000" data-bar="" />
      ))}
      {ean ? (
        <>
          <text x={left - 2} y={height - 1} textAnchor="end" className="label__digits">
            {barcode.code.slice(0, 1)}
          </text>
          <text x={left + 3 + 21} y={height - 1} textAnchor="middle" className="label__digits">
            {barcode.code.slice(1, 7)}
          </text>
          <text x={left + 50 + 21} y={height - 1} textAnchor="middle" className="label__digits">
            {barcode.code.slice(7)}
          </text>
        </>
      ) : (
        <text x={width / 2} y={height - 1} textAnchor="middle" className="label__digits">
          {barcode.code}
        </text>
      )}
    </svg>
  );
}
