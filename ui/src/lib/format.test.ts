import { describe, expect, it } from 'vitest';
import { shorten } from './format';

describe('shorten', () => {
  it('keeps a title that fits', () => {
    expect(shorten('Inkoop jeugdhulp', 40)).toBe('Inkoop jeugdhulp');
  });
  it('cuts at a word boundary so every visible word is whole', () => {
    const cut = shorten('Verordening maatschappelijke ondersteuning 2027', 30);
    expect(cut).toBe('Verordening maatschappelijke…');
    expect(cut.length).toBeLessThanOrEqual(30);
  });
  it('cuts a single long word where it must', () => {
    expect(shorten('Jeugdhulpverleningsinstellingen', 10)).toBe('Jeugdhulp…');
  });
});
