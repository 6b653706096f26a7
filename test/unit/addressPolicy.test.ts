// Where a received file may be fetched from: every spelling of an address node:net connects to is
// classified by what it reaches, and only a public one is fetched from unless the switchboard itself is
// on this computer or a private network.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { addressKind, mayFetchFrom, type AddressKind } from '../../main/msnp/addressPolicy';

const KINDS: [string, AddressKind][] = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['64.4.13.58', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['192.168.1.20', 'private'],
  ['192.169.0.1', 'public'],
  ['100.64.0.1', 'private'],
  ['100.127.255.255', 'private'],
  ['100.128.0.0', 'public'],
  ['169.254.169.254', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  // IPv6
  ['2001:4860:4860::8888', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::0001', 'loopback'],
  ['0000:0000:0000:0000:0000:0000:0000:0001', 'loopback'],
  ['::', 'unspecified'],
  ['0::0', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['FE80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fe80::1%25eth0', 'link-local'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['FF05::2', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
  // IPv4 inside IPv6: classified by the IPv4 address they reach.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::FFFF:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:7F00:0001', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:a01:203', 'private'],
  ['::ffff:c0a8:101', 'private'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::ffff:255.255.255.255', 'broadcast'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:808:808', 'public'],
  ['::ffff:0:127.0.0.1', 'loopback'],
  ['::127.0.0.1', 'loopback'],
  ['::7f00:1', 'loopback'],
  ['::8.8.8.8', 'reserved'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::1', 'private'],
  ['2002:c0a8:0101::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:808:808::1', 'public'],
];

describe('addressKind', () => {
  for (const [address, kind] of KINDS) {
    it(`calls ${address} ${kind}`, () => {
      assert.notEqual(net.isIP(address), 0, `${address} is an address node:net accepts`);
      assert.equal(addressKind(address), kind);
    });
  }

  for (const text of [
    '',
    'localhost',
    'example.com',
    '127.1',
    '0x7f.0.0.1',
    '0177.0.0.1',
    '[::1]',
    ' 127.0.0.1',
    '1.2.3.4.5',
    ':::1',
  ]) {
    it(`is null for ${JSON.stringify(text)}, which is no literal address`, () => {
      assert.equal(addressKind(text), null);
    });
  }
});

describe('mayFetchFrom', () => {
  const publicBoard = '64.4.13.58';
  it('fetches from a public address whatever the switchboard', () => {
    for (const board of [publicBoard, '127.0.0.1', '10.0.0.2', '', 'messenger.example.com']) {
      assert.equal(mayFetchFrom('8.8.8.8', board), true, board);
      assert.equal(mayFetchFrom('2001:4860:4860::8888', board), true, board);
    }
  });

  it('refuses every non-public address when the switchboard is public or unknown', () => {
    for (const board of [
      publicBoard,
      '2001:4860:4860::8888',
      '',
      'messenger.example.com',
      'not an address',
    ]) {
      for (const [address, kind] of KINDS) {
        if (kind !== 'public') assert.equal(mayFetchFrom(address, board), false, `${address} via ${board}`);
      }
    }
  });

  it('fetches from a private or link-local address when the switchboard is on a private network', () => {
    for (const board of ['10.0.0.2', '192.168.1.1', '172.20.0.5', 'fd00::5', '::ffff:192.168.1.1']) {
      for (const address of [
        '192.168.1.20',
        '10.9.8.7',
        'fd12:3456:789a::1',
        '169.254.3.4',
        'fe80::1%eth0',
      ]) {
        assert.equal(mayFetchFrom(address, board), true, `${address} via ${board}`);
      }
      // This computer is not "that network": a peer naming loopback there points at our own services.
      for (const address of ['127.0.0.1', '::1', '0.0.0.0', '::', '::ffff:7f00:1']) {
        assert.equal(mayFetchFrom(address, board), false, `${address} via ${board}`);
      }
    }
  });

  it('fetches from this computer and private networks when the switchboard is on this computer (tests, the sandbox)', () => {
    for (const board of ['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost', '[::1]', '0.0.0.0']) {
      for (const address of ['127.0.0.1', '::1', '0.0.0.0', '10.0.0.1', '192.168.1.20', 'fe80::1']) {
        assert.equal(mayFetchFrom(address, board), true, `${address} via ${board}`);
      }
    }
  });

  it('never fetches from multicast, broadcast or reserved addresses, nor from text that is no address', () => {
    for (const board of ['127.0.0.1', '10.0.0.2', publicBoard]) {
      for (const address of [
        '224.0.0.1',
        'ff02::1',
        '255.255.255.255',
        '240.0.0.1',
        '192.0.2.1',
        '2001:db8::1',
        'localhost',
        '127.1',
      ]) {
        assert.equal(mayFetchFrom(address, board), false, `${address} via ${board}`);
      }
    }
  });
});
