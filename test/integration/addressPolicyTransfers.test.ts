// The receiving InvitationManager and the sender's ACCEPT: an address on this computer or a private network
// is fetched from only when the switchboard is there too. A listening socket stands in for whatever the
// address leads to, and must never hear a connection it was not meant to.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FILE_TRANSFER_GUID, parseInvitationPayload, serializeInvitation } from '../../app/invitation';
import { InvitationManager, type InvitationTransport } from '../../main/msnp/invitations';
import { nextOf } from './transferHelpers';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const PUBLIC_BOARD = '64.4.13.58';
const REFUSED = `${ALICE} named an address on a private network, so the file was not fetched; this protects your network.`;

let root: string;
let folderCount = 0;
let manager: InvitationManager | null = null;
let listener: { server: net.Server; port: number; connections: () => number } | null = null;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'butterfly-address-policy-'));
});
afterEach(async () => {
  await manager?.close();
  manager = null;
  listener?.server.close();
  listener = null;
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A socket on 127.0.0.1 that counts connections (and says nothing, like a service that is not MSNFTP). */
async function listen(): Promise<NonNullable<typeof listener>> {
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    socket.on('error', () => {});
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  listener = { server, port, connections: () => count };
  return listener;
}

/** Bob's manager; what it sends is kept. `board` is the switchboard's address, undefined for a transport that does not know it. */
function bob(board: string | undefined): { manager: InvitationManager; sent: string[] } {
  const sent: string[] = [];
  const transport: InvitationTransport = {
    selfEmail: BOB,
    send: async (payload) => {
      sent.push(payload);
    },
    localAddress: () => '127.0.0.1',
    ...(board === undefined ? {} : { remoteAddress: () => board }),
  };
  manager = new InvitationManager(transport, { msnftp: { connectTimeoutMs: 2_000 } });
  return { manager, sent };
}

/** Alice offers a file, Bob accepts it, Alice's ACCEPT names `ip` and `port`; resolves once Bob has heard it. */
async function offerAndAnswer(
  m: InvitationManager,
  ip: string,
  port: number,
): Promise<{ folder: string; cookie: string }> {
  const folder = path.join(root, `f${++folderCount}`);
  await mkdir(folder);
  const cookie = String(1000 + folderCount);
  const offered = nextOf(m, 'fileOffer');
  m.handleMessage(
    ALICE,
    body(
      serializeInvitation('INVITE', cookie, [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', 'notes.txt'],
        ['Application-FileSize', '5'],
      ]),
    ),
  );
  await offered;
  await m.acceptFile(cookie, folder);
  m.handleMessage(
    ALICE,
    body(
      serializeInvitation('ACCEPT', cookie, [
        ['IP-Address', ip],
        ['Port', String(port)],
        ['AuthCookie', '424242'],
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]),
    ),
  );
  return { folder, cookie };
}

function body(payload: string): string {
  return payload.slice(payload.indexOf('\r\n\r\n') + 4);
}

describe('where a received file is fetched from', () => {
  for (const ip of [
    '127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    '10.0.0.1',
    '192.168.1.20',
    '169.254.169.254',
    'fe80::1',
    'fd00::1',
    '224.0.0.1',
  ]) {
    it(`refuses ${ip} when the switchboard is on the internet, with a sentence, telling the sender and touching nothing`, async () => {
      const { port, connections } = await listen();
      const { manager: m, sent } = bob(PUBLIC_BOARD);
      const failed = nextOf(m, 'transferFailed');
      const warned = nextOf(m, 'warning', (w) => w.code === 'private-address');
      const { folder, cookie } = await offerAndAnswer(m, ip, port);
      const f = await failed;
      assert.equal(f.cookie, cookie);
      assert.equal(f.direction, 'receive');
      assert.equal(f.message, REFUSED);
      assert.ok((await warned).message.includes(ip), 'the address goes to the log');
      const cancel = sent
        .map((p) => parseInvitationPayload(p))
        .find((i) => 'command' in i && i.command === 'CANCEL');
      assert.ok(cancel && 'fields' in cancel, 'the sender is told');
      assert.equal(cancel.fields['cancel-code'], 'FAIL');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(connections(), 0, 'no connection was made');
      assert.deepEqual(await readdir(folder), [], 'no file was created');
      assert.equal(m.active, 0);
    });
  }

  it('refuses a loopback address when the transport does not know the switchboard', async () => {
    const { port, connections } = await listen();
    const { manager: m } = bob(undefined);
    const failed = nextOf(m, 'transferFailed');
    await offerAndAnswer(m, '127.0.0.1', port);
    assert.equal((await failed).message, REFUSED);
    assert.equal(connections(), 0);
  });

  it('refuses this computer when the switchboard is on a private network', async () => {
    const { port, connections } = await listen();
    const { manager: m } = bob('192.168.1.1');
    const failed = nextOf(m, 'transferFailed');
    await offerAndAnswer(m, '127.0.0.1', port);
    assert.equal((await failed).message, REFUSED);
    assert.equal(connections(), 0);
  });

  it('connects to this computer when the switchboard is on this computer too', async () => {
    const { port, connections } = await listen();
    const { manager: m } = bob('127.0.0.1');
    const failed = nextOf(m, 'transferFailed');
    await offerAndAnswer(m, '127.0.0.1', port);
    // The stand-in hangs up at once, so the transfer fails, but only after the connection was made.
    const f = await failed;
    assert.notEqual(f.message, REFUSED);
    assert.equal(connections(), 1);
  });
});
