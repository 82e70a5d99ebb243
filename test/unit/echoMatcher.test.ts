import { describe, expect, it } from 'vitest';
import { echoPieceOf, echoValues, insideSplitEcho, maskEchoes, MIN_ECHO_LENGTH, normalizeForEcho } from '../../client-sdk/src/echoMatcher';

const matchable = (...values: string[]): readonly string[] => echoValues(values).matchable;

describe('normalizeForEcho', () => {
  it('drops white space and dashes, lower-cases, and remembers where each character came from', () => {
    const { normalized, positions } = normalizeForEcho('Ab 4-2\u00a0x');
    expect(normalized).toBe('ab42x');
    expect(positions).toEqual([0, 1, 3, 5, 7]);
  });
});

describe('echoValues', () => {
  it(`matches values of at least ${MIN_ECHO_LENGTH} characters after normalising, longest first, without duplicates`, () => {
    const values = echoValues(['ab', 'a b c', 'Zhang', 'zhang', '4242 4242 4242 4242', ' - ']);
    expect(values.matchable).toEqual(['4242424242424242', 'zhang', 'abc']);
    expect(values.all).toEqual(['4242424242424242', 'zhang', 'abc', 'ab']);
  });

  it('matches two-character Chinese values (most names), but not one character', () => {
    expect(matchable('张伟', '张', 'ab')).toEqual(['张伟']);
  });
});

describe('maskEchoes', () => {
  const values = matchable('4242 4242 4242 4242', 'Zhang', '737', '12/28');

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
    expect(maskEchoes('收货人：张伟，上海市浦东新区', matchable('张伟', '上海市浦东新区'))).toBe('收货人：**，*******');
  });
});

describe('echoPieceOf', () => {
  const values = matchable('4242 4242 4242 4242', 'Zhang Wei');

  it('finds the value a digit group or a single digit belongs to', () => {
    expect(echoPieceOf('4242', values)).toBe('4242424242424242');
    expect(echoPieceOf(' 4 ', values)).toBe('4242424242424242');
    expect(echoPieceOf('Wei', values)).toBe('zhangwei');
  });

  it('never calls blank text or unrelated text a piece', () => {
    expect(echoPieceOf('  \n ', values)).toBeNull();
    expect(echoPieceOf('Visa', values)).toBeNull();
  });
});

describe('insideSplitEcho', () => {
  const card = '4000056655665556';

  it('is true for each digit group of a card number drawn one group per span', () => {
    const texts = ['Wallet card', '4000', '0566', '5566', '5556'];
    for (const index of [1, 2, 3, 4]) expect(insideSplitEcho(texts, index, card)).toBe(true);
  });

  it('is false for text that merely shares characters with an echo elsewhere in the same section', () => {
    const texts = ['ZEPHYRINE QUILLFEATHER', 'Gift card preview', 'H'];
    expect(insideSplitEcho(texts, 2, 'zephyrinequillfeather')).toBe(false);
    expect(insideSplitEcho(['4000', '0566', '5566', '555'], 1, card)).toBe(false);
  });

  it('is false for blank text', () => {
    expect(insideSplitEcho(['4000', ' ', '0566'], 1, '40000566')).toBe(false);
  });
});
