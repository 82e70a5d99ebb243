import { describe, expect, it } from 'vitest';
import { isResidentId, passesLuhn, scrubPii } from '../../client-sdk/src/piiScrubber';

describe('passesLuhn', () => {
  it('accepts valid card numbers and rejects near misses', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('6214830275196045')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('isResidentId', () => {
  it('checks the ISO 7064 MOD 11-2 check character, X included', () => {
    expect(isResidentId('110105198805234170')).toBe(true);
    expect(isResidentId('44030519920817241X')).toBe(true);
    expect(isResidentId('44030519920817241x')).toBe(true);
    expect(isResidentId('110105198805234171')).toBe(false);
  });
});

describe('scrubPii', () => {
  it.each([
    ['card with spaces', 'Paid with 6214 8302 7519 6045 today', '6214 8302 7519 6045'],
    ['card with dashes', 'card 4111-1111-1111-1111.', '4111-1111-1111-1111'],
    ['card without separators', 'ref 4111111111111111', '4111111111111111'],
    ['CN mobile', '电话 13912345678 联系', '13912345678'],
    ['CN mobile with dashes', 'call 139-0571-8264', '139-0571-8264'],
    ['CN mobile with +86', 'tel +86 139 0571 8264', '+86 139 0571 8264'],
    ['resident ID', 'ID 44030519920817241X ok', '44030519920817241X'],
    ['e-mail', 'write to wen.qiao@example.org now', 'wen.qiao@example.org'],
  ])('masks a %s, keeping the length and the surrounding text', (_, input, secret) => {
    expect(scrubPii(input)).toBe(input.replace(secret, '*'.repeat(secret.length)));
  });

  it.each([
    ['a number that fails Luhn', 'Order 4111111111111112 shipped'],
    ['an 18-digit number with a wrong check digit', 'batch 110105198805234171'],
    ['prices and dates', 'Total $307.00 on 2026-11-23, 3 items'],
    ['a landline-like number', 'call 0571 8888 1234'],
    ['plain text', 'Linen Throw Blanket'],
  ])('leaves %s alone', (_, input) => {
    expect(scrubPii(input)).toBe(input);
  });
});
