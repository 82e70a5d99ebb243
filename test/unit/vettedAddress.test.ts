/** Resolving and vetting an asset's host, and pinning the connection to the vetted address. */
import { describe, expect, it } from 'vitest';
import { AssetRefusal } from '../../server/src/assets/assetRefusal';
import { pinnedLookup, vettedAddressOf } from '../../server/src/assets/vettedAddress';

const open = (): AbortSignal => new AbortController().signal;

describe('vettedAddressOf', () => {
  it('refuses a host whose address is loopback, in every spelling (403)', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', '[::ffff:7f00:1]', '0.0.0.0']) {
      const refusal = await vettedAddressOf(host, false, open()).catch((err: unknown) => err);
      expect(refusal, host).toBeInstanceOf(AssetRefusal);
      expect((refusal as AssetRefusal).status).toBe(403);
      expect((refusal as AssetRefusal).message).toMatch(new RegExp(`^host ${host.replace(/[[\]]/g, '\\$&')} has a (loopback|unspecified) address$`));
    }
  });

  it('gives the address to connect to when private addresses are allowed (development)', async () => {
    expect(await vettedAddressOf('127.0.0.1', true, open())).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await vettedAddressOf('[::1]', true, open())).toEqual({ address: '::1', family: 6 });
  });

  it('throws the abort reason of a signal that has fired', async () => {
    const controller = new AbortController();
    const reason = new AssetRefusal(504, 'too slow');
    controller.abort(reason);
    await expect(vettedAddressOf('localhost', true, controller.signal)).rejects.toBe(reason);
  });
});

describe('pinnedLookup', () => {
  const lookup = pinnedLookup({ address: '203.0.113.7', family: 4 });

  it('answers the vetted address whatever host is asked, singly or as a list', () => {
    const answers: unknown[] = [];
    lookup('rebound.example', { all: false }, (err, address, family) => answers.push([err, address, family]));
    lookup('rebound.example', { all: true }, (err, addresses) => answers.push([err, addresses]));
    expect(answers).toEqual([[null, '203.0.113.7', 4], [null, [{ address: '203.0.113.7', family: 4 }]]]);
  });
});
