import { describe, expect, it } from 'vitest';
import { XmlError, XmlScanner } from './xml-scanner.ts';

function eventsOf(chunks: string[]) {
  const events: string[] = [];
  const scanner = new XmlScanner({
    open: (name, attrs) => events.push(`<${name} ${JSON.stringify(attrs)}>`),
    close: (name) => events.push(`</${name}>`),
    text: (part) => {
      // Text may come in parts: joined here, so a split anywhere gives the same events.
      if (events.length && events[events.length - 1].startsWith('"')) events[events.length - 1] += part;
      else events.push(`"${part}`);
    },
  });
  for (const c of chunks) scanner.write(c);
  scanner.end();
  return events;
}

const DOC =
  '<?xml version="1.0"?>\n<!-- a comment > with a bracket --><x:sst xmlns:x="urn:x" count=\'2\'><x:si a="1 > 0" b="&lt;&amp;&#x4E2D;&#25991;"><x:t xml:space="preserve"> A &amp; B&#10;</x:t></x:si><si><t><![CDATA[<not a tag> & raw]]></t><t/></si></x:sst>';

describe('the XML scanner', () => {
  it('gives the same elements, attributes and text however the document is cut into chunks', () => {
    const whole = eventsOf([DOC]);
    expect(whole).toContain('<si {"a":"1 > 0","b":"<&中文"}>');
    expect(whole).toContain('" A & B\n');
    expect(whole).toContain('"<not a tag> & raw');
    for (let cut = 1; cut < DOC.length; cut++) expect(eventsOf([DOC.slice(0, cut), DOC.slice(cut)])).toEqual(whole);
    expect(eventsOf([...DOC])).toEqual(whole);
  });

  it('refuses broken XML: crossed or unclosed elements, a bad name, text outside the root', () => {
    for (const bad of ['<a><b></a></b>', '<a><b></b>', '<a><1b/></a>', 'text<a/>', '<a x="1></a>'])
      expect(() => eventsOf([bad]), bad).toThrow(XmlError);
  });
});
