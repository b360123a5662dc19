import { redactForAudit } from './audit.service';

describe('redactForAudit', () => {
  it('replaces PINs, passwords and tokens at any depth, keeps the rest', () => {
    expect(redactForAudit({ name: 'Awa', pin: '1234', nested: { newPassword: 'x', refreshToken: 'y', price: 5 } })).toEqual({
      name: 'Awa',
      pin: '[redacted]',
      nested: { newPassword: '[redacted]', refreshToken: '[redacted]', price: 5 },
    });
  });

  it('cuts long text and big arrays so a CSV import does not flood the log', () => {
    const redacted = redactForAudit({ csv: 'x'.repeat(2000), rows: Array.from({ length: 60 }, (_, index) => index) }) as { csv: string; rows: unknown[] };
    expect(redacted.csv).toMatch(/^x{500}… \(2000 characters\)$/);
    expect(redacted.rows).toHaveLength(51);
    expect(redacted.rows.at(-1)).toBe('… 10 more');
  });
});
