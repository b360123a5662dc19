import { ean13CheckDigit, isValidEan13 } from '@seri/shared';
import { barRuns, isEan13Guard, labelBarcode } from '../../src/renderer/labels/label-barcode';
import { decodeEan13, modulesFromBars } from './support/ean13-decode';


describe('label barcodes', () => {
  it('encodes a valid EAN-13 as EAN-13 whose bars read back to the same digits', () => {
    for (const code of ['4006381333931', '6111245678900', '0000000000000', '9780201379624']) {
      expect(isValidEan13(code)).toBe(true);
      const barcode = labelBarcode(code);
      expect(barcode.symbology).toBe('EAN13');
      if (barcode.symbology !== 'EAN13') continue;
      expect(decodeEan13(barcode.modules)).toBe(code);
      // What the label draws: the bars put back into modules decode to the same code.
      const bars = barRuns(barcode.modules).map(([x, width]) => ({ x: x + 11, width }));
      expect(decodeEan13(modulesFromBars(bars, 11, 95))).toBe(code);
    }
    expect(decodeEan13('1'.repeat(95))).toBeNull();
  });

  it('prints an EAN-13 with a wrong check digit as Code 128 and says which digit it should have', () => {
    const barcode = labelBarcode('4006381333932');
    expect(barcode).toEqual(expect.objectContaining({ symbology: 'CODE128', code: '4006381333932', reason: 'BAD_CHECK_DIGIT', expectedCheckDigit: 1 }));
    expect(ean13CheckDigit('400638133393')).toBe(1);
  });

  it('prints other readable codes as Code 128 (start, data, check and stop symbols) and nothing for none or unprintable text', () => {
    const barcode = labelBarcode(' SERI-0042 ');
    expect(barcode).toEqual(expect.objectContaining({ symbology: 'CODE128', code: 'SERI-0042', reason: 'NOT_EAN13' }));
    if (barcode.symbology !== 'CODE128') throw new Error('expected Code 128');
    // Every Code 128 symbol is 11 modules, the stop 13; a start B symbol opens it.
    expect((barcode.modules.length - 13) % 11).toBe(0);
    expect(barcode.modules.startsWith('11010010000')).toBe(true);
    expect(barcode.modules.endsWith('1100011101011')).toBe(true);
    expect(labelBarcode(null)).toEqual({ symbology: 'NONE', code: null });
    expect(labelBarcode('   ')).toEqual({ symbology: 'NONE', code: null });
    expect(labelBarcode('café\u0000')).toEqual({ symbology: 'NONE', code: null });
  });

  it('turns modules into bar runs and marks the EAN-13 guards', () => {
    expect(barRuns('0110100111')).toEqual([
      [1, 2],
      [4, 1],
      [7, 3],
    ]);
    expect([0, 2, 45, 49, 92, 94].every(isEan13Guard)).toBe(true);
    expect([3, 44, 50, 91].some(isEan13Guard)).toBe(false);
  });
});
