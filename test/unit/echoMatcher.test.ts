import { describe, expect, it } from 'vitest';
import { containsEcho, echoPieceOf, echoValues, maskEchoes, MIN_ECHO_LENGTH, normalizeForEcho } from '../../client-sdk/src/echoMatcher';

describe('normalizeForEcho', () => {
  it('drops white space and dashes, lower-cases, and remembers where each character came from', () => {
    const { normalized, positions } = normalizeForEcho('Ab 4-2\u00a0x');
    expect(normalized).toBe('ab42x');
    expect(positions).toEqual([0, 1, 3, 5, 7]);
  });
});

describe('echoValues', () => {
  it(`keeps values of at least ${MIN_ECHO_LENGTH} characters after normalising, longest first, without duplicates`, () => {
    expect(echoValues(['ab', 'a b c', 'Zhang', 'zhang', '4242 4242 4242 4242', ' - '])).toEqual(['4242424242424242', 'zhang', 'abc']);
  });
});

describe('maskEchoes', () => {
  const values = echoValues(['4242 4242 4242 4242', 'Zhang', '737', '12/28']);

  it('masks a card number echoed with other spacing, keeping the spaces', () => {
    expect(maskEchoes('Card 4242424242424242 ok', values)).toBe('Card **************** ok');
    expect(maskEchoes('4242-4242-4242-4242', values)).toBe('*******************');
    expect(maskEchoes('4242 4242 4242 4242', values)).toBe('**** **** **** ****');
  });

  it('masks a greeting and a CVV, whatever the case', () => {
    expect(maskEchoes('Hi ZHANG!', values)).toBe('Hi *****!');
    expect(maskEchoes('CVV 737', values)).toBe('CVV ***');
    expect(maskEchoes('Expires 12/28', values)).toBe('Expires *****');
  });

  it('masks every occurrence and leaves other text alone', () => {
    expect(maskEchoes('zhang and zhang', values)).toBe('***** and *****');
    expect(maskEchoes('Total ¥199.00', values)).toBe('Total ¥199.00');
  });

  it('returns the same string when nothing matches or there are no values', () => {
    const text = 'nothing here';
    expect(maskEchoes(text, values)).toBe(text);
    expect(maskEchoes('Zhang', [])).toBe('Zhang');
  });

  it('masks Chinese text echoed from a field', () => {
    expect(maskEchoes('收货人：张伟，上海市浦东新区', echoValues(['张伟', '上海市浦东新区']))).toBe('收货人：**，*******');
  });

  it('masks two-character Chinese values (most names), but not one character', () => {
    expect(echoValues(['张伟', '张', 'ab'])).toEqual(['张伟']);
  });
});

describe('echoPieceOf and containsEcho', () => {
  const values = echoValues(['4242 4242 4242 4242', 'Zhang Wei']);

  it('finds the value a digit group or a single digit belongs to', () => {
    expect(echoPieceOf('4242', values)).toBe('4242424242424242');
    expect(echoPieceOf(' 4 ', values)).toBe('4242424242424242');
    expect(echoPieceOf('Wei', values)).toBe('zhangwei');
  });

  it('never calls blank text or unrelated text a piece', () => {
    expect(echoPieceOf('  \n ', values)).toBeNull();
    expect(echoPieceOf('Visa', values)).toBeNull();
  });

  it('tells whether an element text shows a whole value', () => {
    expect(containsEcho('4242 4242 4242 4242\nZHANG WEI', '4242424242424242')).toBe(true);
    expect(containsEcho('4242 4242', '4242424242424242')).toBe(false);
  });
});
