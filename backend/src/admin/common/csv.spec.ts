import fc from 'fast-check';
import { CsvError, parseCsv, toCsv } from './csv';

describe('CSV', () => {
  it('reads quotes, doubled quotes, CRLF and LF, a BOM and a final newline', () => {
    const text = '\uFEFFsku,name,price\r\nA1,"Huile, ""extra""",100\nB2,"deux\nlignes",5\n';
    expect(parseCsv(text)).toEqual({
      header: ['sku', 'name', 'price'],
      rows: [
        ['A1', 'Huile, "extra"', '100'],
        ['B2', 'deux\nlignes', '5'],
      ],
    });
  });

  it('takes ; as the separator when the header uses it (French-locale spreadsheets)', () => {
    expect(parseCsv('sku;name;price\nA1;Savon, citron;450').rows).toEqual([['A1', 'Savon, citron', '450']]);
  });

  it('skips blank lines and refuses an empty file, an unclosed quote and a quote inside a bare field', () => {
    expect(parseCsv('sku\n\nA1\n\n').rows).toEqual([['A1']]);
    expect(() => parseCsv('')).toThrow(CsvError);
    expect(() => parseCsv('sku,name\nA1,"open')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('sku,name\nA1,ab"c"')).toThrow(/line 2: a quote inside an unquoted field/);
  });

  it('writes what a spreadsheet would run as a formula as text', () => {
    expect(toCsv(['a', 'b'], [['=1+1', '@SUM(A1)'], [-5, null]])).toBe("a,b\r\n'=1+1,'@SUM(A1)\r\n-5,\r\n");
  });

  it('reads back exactly what it writes, whatever the text', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(toCsv(['a', 'b', 'c'], rows));
        const kept = rows.filter((row) => !(row.every((value) => value === '') && row.length === 1));
        expect(parsed.header).toEqual(['a', 'b', 'c']);
        expect(parsed.rows).toEqual(kept);
      }),
    );
  });
});
