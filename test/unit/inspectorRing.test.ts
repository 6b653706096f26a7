// The protocol inspector's ring: bounded, filtered and paged in main, deviations attached to their lines,
// secrets masked on the way in, and exports in the transcript and JSON-lines forms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrafficRing } from '../../main/service/inspector/trafficRing';
import { exportJsonLines, transcriptSections } from '../../main/service/inspector/inspectorExport';
import { maskTraffic } from '../../main/msnp/trafficMask';
import { parseInspectorCommand } from '../../main/msnp/consoleLine';
import { indentXml, payloadBytes, splitPayload } from '../../renderer/inspectorPayload';

function ring(capacity = 10) {
  const r = new TrafficRing(capacity);
  const ns = r.addConnection('ns1', 'ns', 'NS 127.0.0.1:1863');
  const sb = r.addConnection('sb1', 'sb', 'SB 1 127.0.0.1:1864');
  return { r, ns, sb };
}

describe('the inspector ring', () => {
  it('keeps only the newest lines and counts what it keeps', () => {
    const { r, ns } = ring(5);
    for (let i = 1; i <= 12; i++) r.push(ns, 'out', `PNG ${i}`);
    const page = r.query({ offset: 0, limit: 100 });
    assert.equal(page.total, 5);
    assert.equal(page.matching, 5);
    assert.deepEqual(
      page.lines.map((l) => l.line),
      ['PNG 8', 'PNG 9', 'PNG 10', 'PNG 11', 'PNG 12'],
    );
    assert.equal(r.lastId, 12);
  });

  it('filters by connection, command, deviations and text, and pages the matches', () => {
    const { r, ns, sb } = ring(100);
    r.push(ns, 'out', 'CHG 9 NLN');
    r.push(ns, 'in', 'CHG 9 NLN 0');
    r.push(sb, 'in', 'MSG bob@example.com Bob 20', 'MIME-Version: 1.0\r\n\r\nHello there');
    r.push(ns, 'in', 'ILN 9 NLN bob@example.com Bob');
    r.flag(ns, { code: 'chg-trailing-field', message: 'CHG was answered with extra fields' }, 'CHG 9 NLN 0');
    assert.equal(r.query({ connection: 'sb1', offset: 0, limit: 10 }).matching, 1);
    assert.deepEqual(
      r.query({ command: 'chg', offset: 0, limit: 10 }).lines.map((l) => l.direction),
      ['out', 'in'],
    );
    const flagged = r.query({ deviationsOnly: true, offset: 0, limit: 10 });
    assert.equal(flagged.matching, 1);
    assert.equal(flagged.lines[0]!.line, 'CHG 9 NLN 0');
    assert.deepEqual(flagged.lines[0]!.flags, [
      { code: 'chg-trailing-field', message: 'CHG was answered with extra fields' },
    ]);
    assert.equal(
      r.query({ search: 'HELLO', offset: 0, limit: 10 }).lines[0]!.connection,
      'sb1',
      'payloads are searched',
    );
    const second = r.query({ offset: 1, limit: 2 });
    assert.equal(second.matching, 4);
    assert.deepEqual(
      second.lines.map((l) => l.id),
      [2, 3],
    );
  });

  it('extends a remembered filter as lines arrive, and forgets dropped lines', () => {
    const { r, ns } = ring(4);
    r.push(ns, 'out', 'CHG 1 NLN');
    assert.equal(r.query({ command: 'CHG', offset: 0, limit: 10 }).matching, 1);
    r.push(ns, 'out', 'CHG 2 BSY');
    r.push(ns, 'out', 'PNG');
    assert.equal(r.query({ command: 'CHG', offset: 0, limit: 10 }).matching, 2);
    for (let i = 0; i < 3; i++) r.push(ns, 'out', 'PNG');
    assert.equal(r.query({ command: 'CHG', offset: 0, limit: 10 }).matching, 0);
  });

  it('keeps a warning no line matches as a note of its own', () => {
    const { r, sb } = ring();
    r.push(sb, 'in', 'JOI bob@example.com Bob');
    const note = r.flag(sb, { code: 'message-format', message: 'the message had no font' });
    assert.equal(note.direction, 'note');
    assert.equal(r.query({ deviationsOnly: true, offset: 0, limit: 10 }).matching, 1);
  });

  it('annotates an error reply with its meaning from the docs', () => {
    const { r, ns } = ring();
    r.push(ns, 'in', '201 7');
    const [line] = r.query({ offset: 0, limit: 1 }).lines;
    assert.equal(line!.trId, 7);
    assert.match(line!.error!, /^201 ERR_INVALID_PARAMETER: /);
  });

  it('forgets a closed connection once its lines are gone, and clears', () => {
    const { r, ns, sb } = ring(2);
    r.push(sb, 'in', 'JOI a@b.c A');
    r.closeConnection(sb);
    assert.ok(r.connections().some((c) => c.id === 'sb1' && !c.open));
    r.push(ns, 'out', 'PNG');
    r.push(ns, 'in', 'QNG');
    assert.deepEqual(
      r.connections().map((c) => c.id),
      ['ns1'],
    );
    r.clear();
    assert.equal(r.query({ offset: 0, limit: 10 }).total, 0);
    assert.deepEqual(
      r.connections().map((c) => c.id),
      ['ns1'],
      'an open connection stays',
    );
  });

  it('exports sections per connection in order of first appearance, and JSON lines', () => {
    const { r, ns, sb } = ring();
    r.push(ns, 'out', 'VER 1 MSNP5 CVR0');
    r.push(sb, 'out', 'USR 1 alice@example.com 123.456');
    r.push(ns, 'in', 'VER 1 MSNP5');
    r.flag(ns, { code: 'x', message: 'y' });
    const sections = transcriptSections(r.matching({}));
    assert.deepEqual(sections, [
      {
        label: 'NS 127.0.0.1:1863',
        lines: [
          { direction: 'C', line: 'VER 1 MSNP5 CVR0' },
          { direction: 'S', line: 'VER 1 MSNP5' },
        ],
      },
      { label: 'SB 1 127.0.0.1:1864', lines: [{ direction: 'C', line: 'USR 1 alice@example.com 123.456' }] },
    ]);
    const json = exportJsonLines(r.matching({ connection: 'ns1' }))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: string; flags: unknown[] });
    assert.deepEqual(
      json.map((l) => l.line),
      ['VER 1 MSNP5 CVR0', 'VER 1 MSNP5', ''],
    );
    assert.deepEqual(json[2]!.flags, [{ code: 'x', message: 'y' }]);
  });
});

describe('what the inspector keeps and sends', () => {
  it('masks the MD5 answer, a CTP password and a Passport ticket', () => {
    assert.equal(
      maskTraffic('out', 'USR 4 MD5 S 0123456789abcdef0123456789abcdef', { hash: true }),
      'USR 4 MD5 S ********',
    );
    assert.equal(
      maskTraffic('out', 'USR 4 MD5 S 0123456789abcdef'),
      'USR 4 MD5 S 0123456789abcdef',
      '--verbose shows it',
    );
    assert.equal(maskTraffic('out', 'USR 3 CTP S hunter2', { hash: true }), 'USR 3 CTP S ********');
    assert.equal(maskTraffic('in', 'MSPAuth: 7Babc$$'), 'MSPAuth: ********');
  });

  it('masks the switchboard cookies, with which anyone could join the conversation', () => {
    assert.equal(
      maskTraffic('out', 'USR 1 alice@example.com 17262740.1050826919'),
      'USR 1 alice@example.com ********',
    );
    assert.equal(maskTraffic('out', 'USR 1 MD5 I alice@example.com'), 'USR 1 MD5 I alice@example.com');
    assert.equal(
      maskTraffic('out', 'ANS 1 bob@example.com 849102291.520491932 11752013'),
      'ANS 1 bob@example.com ******** 11752013',
    );
    assert.equal(
      maskTraffic('in', 'XFR 10 SB 10.0.0.5:1863 CKI 17262740.1050826919.32308'),
      'XFR 10 SB 10.0.0.5:1863 CKI ********',
    );
    assert.equal(
      maskTraffic('in', 'XFR 10 NS 10.0.0.5:1863 0 10.0.0.1:1863'),
      'XFR 10 NS 10.0.0.5:1863 0 10.0.0.1:1863',
    );
    assert.equal(
      maskTraffic('in', 'RNG 11752013 10.0.0.5:1863 CKI 849102291.520491932 bob@example.com Bob'),
      'RNG 11752013 10.0.0.5:1863 CKI ******** bob@example.com Bob',
    );
  });

  it('reads a console command, its payload apart', () => {
    assert.deepEqual(parseInspectorCommand('chg NLN', undefined), { name: 'CHG', args: ['NLN'] });
    assert.deepEqual(parseInspectorCommand('MSG N', 'A: b\n\nhi'), {
      name: 'MSG',
      args: ['N'],
      payload: 'A: b\r\n\r\nhi',
    });
    assert.match((parseInspectorCommand('MSG N', '') as { error: string }).error, /payload box/);
    assert.match((parseInspectorCommand('PNG', 'x') as { error: string }).error, /carries no payload/);
    assert.match((parseInspectorCommand('', undefined) as { error: string }).error, /Type a command/);
  });

  it('shows a payload with its headers apart and XML indented', () => {
    const view = splitPayload(
      'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification\r\n\r\n<NOTIFICATION id="1"><TO><VIA>x</VIA></TO></NOTIFICATION>',
    );
    assert.deepEqual(view.headers, [
      'MIME-Version: 1.0',
      'Content-Type: text/x-msmsgsinitialemailnotification',
    ]);
    assert.equal(view.body, '<NOTIFICATION id="1">\n  <TO>\n    <VIA>x</VIA>\n  </TO>\n</NOTIFICATION>');
    assert.equal(indentXml('<?xml version="1.0"?><a/>'), '<?xml version="1.0"?>\n<a/>');
    assert.equal(payloadBytes('é\n'), 4);
  });
});
