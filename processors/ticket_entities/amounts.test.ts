import { describe, expect, it } from 'vitest';
import { normaliseAmount, parseNumber } from './amounts.js';

describe('amounts', () => {
  it.each([
    ['12,50', 12.5],
    ['1,299.00', 1299],
    ['1.299,00', 1299],
    ['1 299,00', 1299],
    ["1'299.50", 1299.5],
    ['1,749', 1749],
    ['58.00', 58],
    ['104.17', 104.17],
    ['9', 9],
  ])('reads %s as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('writes the amount with the currency’s minor digits and its ISO code', () => {
    expect(normaliseAmount('12,50', '€')).toBe('12.50 EUR');
    expect(normaliseAmount('1,299.00', '$')).toBe('1299.00 USD');
    expect(normaliseAmount('120', 'USD')).toBe('120.00 USD');
    expect(normaliseAmount('1200', '¥')).toBe('1200 JPY');
    expect(normaliseAmount('20', 'US$')).toBe('20.00 USD');
    expect(normaliseAmount('5', 'Euros')).toBe('5.00 EUR');
    expect(normaliseAmount('5', 'XYZ')).toBeUndefined();
  });
});
