import { RECEIPT_WIDTH, receiptText, type ReceiptDocument } from './receipt';

function makeReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    number: 'T01-000123',
    kind: 'SALE',
    copy: false,
    header: ['Boutique Seri — Dakar', 'Ticket T01-000123', '01/06/2025 09:30 · Awa Diop'],
    items: [
      { name: 'Riz parfumé Mémé Cassé 5 kg', detail: '2 × 3 400 F CFA', amount: '6 800 F CFA' },
      { name: 'Un article au nom très long qui ne tient pas sur une seule ligne du ticket', detail: '1 × 700 F CFA', amount: '700 F CFA' },
    ],
    totals: [
      { label: 'Total', value: '7 500 F CFA', emphasis: true },
      { label: 'Espèces', value: '10 000 F CFA' },
      { label: 'Rendu', value: '2 500 F CFA' },
    ],
    footer: ['Merci de votre visite'],
    ...overrides,
  };
}

describe('receipt text layout', () => {
  it('keeps every line within the printer width and amounts flush right', () => {
    const text = receiptText(makeReceipt());
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(RECEIPT_WIDTH);
    expect(lines).toContain(`${'  2 × 3 400 F CFA'.padEnd(RECEIPT_WIDTH - '6 800 F CFA'.length)}6 800 F CFA`);
    expect(lines.some((line) => line.startsWith('TOTAL') && line.endsWith('7 500 F CFA'))).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('wraps long names and long words instead of cutting them off', () => {
    const text = receiptText(makeReceipt({ items: [{ name: 'X'.repeat(100), detail: '1 × 1', amount: '1' }] }), 40);
    const xs = text.split('\n').filter((line) => /^X+$/.test(line));
    expect(xs.map((line) => line.length)).toEqual([40, 40, 20]);
  });

  it('a report without lines (an X or Z with no taxes) has one rule between the header and the totals, not two', () => {
    const rule = '-'.repeat(RECEIPT_WIDTH);
    const lines = receiptText(makeReceipt({ kind: 'Z_REPORT', items: [] })).split('\n');
    const header = lines.indexOf(rule);
    expect(lines[header + 1]).toMatch(/^TOTAL\s+7 500 F CFA$/);
    expect(lines.filter((line) => line === rule)).toHaveLength(2);
  });

  it('centers the header and the footer', () => {
    const lines = receiptText(makeReceipt({ header: ['Seri'], footer: ['Merci'] }), 10).split('\n');
    expect(lines[0]).toBe('   Seri');
    expect(lines).toContain('  Merci');
  });

  it('never breaks an amount across lines (Intl puts no-break spaces inside)', () => {
    const amount = '1\u202f250\u00a0F\u00a0CFA';
    const text = receiptText(makeReceipt({ items: [{ name: 'Huile', detail: `3 × ${amount} (remise ${amount})`, amount }] }), 32);
    for (const line of text.split('\n')) expect(line.endsWith('1\u202f250\u00a0F') || line.startsWith('\u00a0CFA')).toBe(false);
    expect(text).toContain(`3 × ${amount}`);
    expect(text).toContain(`${amount})`);
  });
});
