import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_ALERT_BYTES,
  decodeXmlEntities,
  parseNotification,
  resolveAlertUrl,
} from '../../main/msnp/alerts';
import type { Alert } from '../../app/types';

const NOW = 1_000;

function alertOf(xml: string): Alert {
  const result = parseNotification(xml, { now: NOW });
  if ('error' in result) assert.fail(`expected an alert, got: ${result.error}`);
  return result.alert;
}

function errorOf(xml: string, maxBytes?: number): string {
  const result = parseNotification(xml, { now: NOW, maxBytes });
  if ('alert' in result) assert.fail('expected an error, got an alert');
  return result.error;
}

const BASIC = `<NOTIFICATION ver="1" id="2" siteid="0" siteurl="http://example.com/">
	<TO pid="0x00000001:0x00000002" name="example@hotmail.com" />
	<MSG id="0">
		<ACTION url="alert?command=action" />
		<SUBSCR url="alert?command=change" />
		<BODY lang="1033" icon="alerticon_32x32.png">
			<TEXT>This is an example notification.</TEXT>
		</BODY>
	</MSG>
</NOTIFICATION>`;

const EXTENDED = BASIC.replace(
  '</TEXT>',
  '</TEXT>\n\t\t\t<TEXTX>&lt;P&gt;This is an &lt;B&gt;extended&lt;/B&gt; notification!&lt;/P&gt;</TEXTX>',
);

const NOTIFICATION_DATA = `<NOTIFICATION id="2" siteid="45705" siteurl="http://storage.msn.com/">
	<TO pid="0x00000001:0x00000002" name="example@hotmail.com">
		<VIA agent="messenger"/>
	</TO>
	<MSG id="0">
		<ACTION url="a.htm" />
		<SUBSCR url="s.htm" />
		<BODY>
			&lt;NotificationData
				xmlns:xsd=&quot;http://www.w3.org/2001/XMLSchema&quot;
				xmlns:xsi=&quot;http://www.w3.org/2001/XMLSchema-instance&quot;
			&gt;
				&lt;SpaceHandle&gt;
					&lt;ResourceID&gt;example1!101&lt;/ResourceID&gt;
				&lt;/SpaceHandle&gt;
				&lt;HasNewItem&gt;true&lt;HasNewItem&gt;
			&lt;/NotificationData&gt;
		</BODY>
	</MSG>
</NOTIFICATION>`;

const CONTACT_UPDATE = NOTIFICATION_DATA.replace(
  'http://storage.msn.com/',
  'http://contacts.msn.com/',
).replace(
  /&lt;SpaceHandle&gt;[\s\S]*&lt;HasNewItem&gt;true&lt;HasNewItem&gt;/,
  '&lt;Service&gt;ABCHInternal&lt;/Service&gt;\n\t\t\t\t&lt;CID&gt;4294967298&lt;/CID&gt;\n\t\t\t\t&lt;HasNewItem&gt;false&lt;/HasNewItem&gt;',
);

describe('parseNotification', () => {
  it("reads the docs' basic alert: text, ids, site and icon", () => {
    const a = alertOf(BASIC);
    assert.equal(a.id, '2');
    assert.equal(a.siteId, '0');
    assert.equal(a.siteUrl, 'http://example.com/');
    assert.equal(a.messageId, '0');
    assert.equal(a.text, 'This is an example notification.');
    assert.equal(a.icon, 'http://example.com/alerticon_32x32.png');
    assert.equal(a.receivedAt, NOW);
  });

  it('resolves ACTION against siteurl and adds the ids a client adds when it opens the alert', () => {
    const action = new URL(alertOf(BASIC).actionUrl);
    assert.equal(action.origin + action.pathname, 'http://example.com/alert');
    assert.equal(action.searchParams.get('command'), 'action');
    assert.equal(action.searchParams.get('to_pid'), '0x00000001:0x00000002');
    assert.equal(action.searchParams.get('notification_id'), '2');
    assert.equal(action.searchParams.get('message_id'), '0');
    assert.equal(action.searchParams.get('agent'), 'messenger');
  });

  it('gives the subscription URL the same treatment', () => {
    const sub = new URL(alertOf(BASIC).subscriptionUrl);
    assert.equal(sub.searchParams.get('command'), 'change');
    assert.equal(sub.searchParams.get('notification_id'), '2');
  });

  it("keeps the site's own query exactly as sent, before the added parameters", () => {
    const a = alertOf(
      '<NOTIFICATION id="7" siteurl="http://127.0.0.1/"><MSG id="3"><ACTION url="go?x=a%20b&amp;y" /><BODY><TEXT>t</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.actionUrl, 'http://127.0.0.1/go?x=a%20b&y&notification_id=7&message_id=3&agent=messenger');
    assert.equal(a.subscriptionUrl, '');
  });

  it("reads the docs' extended alert (TEXTX) and shows the plain TEXT", () => {
    assert.equal(alertOf(EXTENDED).text, 'This is an example notification.');
  });

  it("answers the docs' blog and contact updates (escaped NotificationData, no TEXT) with an error, not a throw", () => {
    assert.match(errorOf(NOTIFICATION_DATA), /no text/);
    assert.match(errorOf(CONTACT_UPDATE), /no text/);
  });

  it('decodes the predefined entities in TEXT once, never twice', () => {
    const a = alertOf(
      '<NOTIFICATION id="1"><MSG><BODY><TEXT>Stocks &amp; shares &lt;up&gt; &quot;5%&quot; &apos;now&apos; &amp;lt;</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.text, `Stocks & shares <up> "5%" 'now' &lt;`);
  });

  it('decodes numeric references and leaves unknown entities as written', () => {
    const a = alertOf(
      '<NOTIFICATION id="1"><MSG><BODY><TEXT>&#233;&#xE9;&#x1F600; &nbsp; &#0; &#xD800;</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.text, 'éé😀 &nbsp; \uFFFD \uFFFD');
  });

  it('keeps CDATA text as written and collapses the indentation of a pretty-printed TEXT', () => {
    const a = alertOf(
      '<NOTIFICATION id="1"><MSG><BODY><TEXT>\n\t\tline one\n\t\tline two <![CDATA[a &amp; b]]></TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.text, 'line one line two a &amp; b');
  });

  it('matches element and attribute names whatever their case', () => {
    const a = alertOf(
      '<notification ID="5" SiteUrl="https://s.example/p/"><msg id="3"><action URL="q"/><body><text>lower</text></body></msg></notification>',
    );
    assert.equal(a.text, 'lower');
    assert.match(a.actionUrl, /^https:\/\/s\.example\/p\/q\?notification_id=5&message_id=3&agent=messenger$/);
  });

  it('defaults the MSG id to 0 and leaves out to_pid when there is no TO', () => {
    const a = alertOf(
      '<NOTIFICATION id="9" siteurl="http://e.com/"><MSG><ACTION url="a"/><BODY><TEXT>x</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.messageId, '0');
    assert.equal(new URL(a.actionUrl).searchParams.has('to_pid'), false);
  });

  it('keeps an absolute http(s) ACTION whatever the site', () => {
    const a = alertOf(
      '<NOTIFICATION id="1" siteurl="http://e.com/"><MSG><ACTION url="https://other.example/x"/><BODY><TEXT>x</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.match(a.actionUrl, /^https:\/\/other\.example\/x\?/);
  });

  it('drops every URL that is not http(s): javascript:, file:, data:, and relative ones without a usable site', () => {
    for (const [site, action] of [
      ['http://e.com/', 'javascript:alert(1)'],
      ['http://e.com/', 'file:///etc/passwd'],
      ['http://e.com/', 'data:text/html,x'],
      ['javascript:alert(1)', 'relative'],
      ['', 'relative'],
      ['not a url', 'relative'],
    ]) {
      const a = alertOf(
        `<NOTIFICATION id="1" siteurl="${site}"><MSG><ACTION url="${action}"/><BODY icon="i.png"><TEXT>x</TEXT></BODY></MSG></NOTIFICATION>`,
      );
      assert.equal(a.actionUrl, '', `${site} + ${action}`);
    }
    const a = alertOf(
      '<NOTIFICATION id="1" siteurl="javascript:alert(1)"><MSG><BODY icon="i.png"><TEXT>x</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.siteUrl, '');
    assert.equal(a.icon, undefined);
  });

  it('refuses a document larger than the cap, counting UTF-8 bytes', () => {
    assert.match(errorOf(BASIC, 100), /larger than 100 bytes/);
    const wide = `<NOTIFICATION id="1"><MSG><BODY><TEXT>${'é'.repeat(60)}</TEXT></BODY></MSG></NOTIFICATION>`;
    assert.ok(wide.length < 160);
    assert.match(errorOf(wide, 160), /larger than/);
    assert.match(errorOf(`${BASIC}${' '.repeat(DEFAULT_MAX_ALERT_BYTES)}`), /larger than 16384 bytes/);
  });

  it('refuses a DOCTYPE, so no entity can be declared or expanded', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<NOTIFICATION id="1"><MSG><BODY><TEXT>&b;</TEXT></BODY></MSG></NOTIFICATION>';
    assert.match(errorOf(bomb), /DOCTYPE/);
  });

  it('leaves an undeclared entity unexpanded', () => {
    assert.equal(
      alertOf('<NOTIFICATION id="1"><MSG><BODY><TEXT>&b; &xxe;</TEXT></BODY></MSG></NOTIFICATION>').text,
      '&b; &xxe;',
    );
  });

  it('answers malformed XML, a missing root and a missing MSG with one sentence each', () => {
    const errors = [
      errorOf(''),
      errorOf('not xml at all'),
      errorOf('<NOTIFICATION><MSG></NOTIFICATION>'),
      errorOf('<OTHER><MSG><BODY><TEXT>x</TEXT></BODY></MSG></OTHER>'),
      errorOf('<NOTIFICATION id="1"><TO pid="1"/></NOTIFICATION>'),
    ];
    for (const e of errors) assert.match(e, /^The alert [^.]*\.$/);
    assert.match(errors[2]!, /well-formed/);
    assert.match(errors[3]!, /NOTIFICATION/);
    assert.match(errors[4]!, /MSG/);
  });

  it('uses the first of repeated elements', () => {
    const a = alertOf(
      '<NOTIFICATION id="1"><MSG id="1"><BODY><TEXT>first</TEXT></BODY></MSG><MSG id="2"><BODY><TEXT>second</TEXT></BODY></MSG></NOTIFICATION>',
    );
    assert.equal(a.text, 'first');
    assert.equal(a.messageId, '1');
  });

  it('reads past elements named __proto__, constructor or prototype without touching the prototype', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'Constructor']) {
      const a = alertOf(
        `<NOTIFICATION id="1"><${name} polluted="yes"><MSG><BODY><TEXT>inside</TEXT></BODY></MSG></${name}><MSG><BODY><TEXT>x</TEXT></BODY></MSG></NOTIFICATION>`,
      );
      assert.equal(a.text, 'x', name);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>)['@_polluted'], undefined);
  });

  it('finds only elements and attributes the document has, whatever Object.prototype holds', () => {
    // A MSG that is not there is not found on the prototype, nor is an attribute or a text.
    const inherited = Object.prototype as Record<string, unknown>;
    inherited['msg'] = { body: { text: 'planted' } };
    inherited['@_id'] = 'planted';
    try {
      assert.match(errorOf('<NOTIFICATION id="1"></NOTIFICATION>'), /no MSG element/);
      const a = alertOf('<NOTIFICATION><MSG id="3"><BODY><TEXT>real</TEXT></BODY></MSG></NOTIFICATION>');
      assert.deepEqual([a.text, a.id], ['real', '']);
    } finally {
      delete inherited['msg'];
      delete inherited['@_id'];
    }
  });
});

describe('decodeXmlEntities', () => {
  it('decodes the five predefined entities and numeric references in one pass', () => {
    assert.equal(decodeXmlEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;'), `<>&"'AB`);
    assert.equal(decodeXmlEntities('&amp;amp;'), '&amp;');
  });

  it('leaves a bare ampersand, an unterminated reference and an out-of-range one readable', () => {
    assert.equal(decodeXmlEntities('a & b &amp c &#x110000;'), 'a & b &amp c \uFFFD');
  });
});

describe('resolveAlertUrl', () => {
  it('joins a relative URL to the site and refuses anything but http(s)', () => {
    assert.equal(resolveAlertUrl('a/b?c', 'http://e.com/x/')?.href, 'http://e.com/x/a/b?c');
    assert.equal(resolveAlertUrl('', 'http://e.com/'), null);
    assert.equal(resolveAlertUrl('ftp://e.com/', 'http://e.com/'), null);
  });
});
