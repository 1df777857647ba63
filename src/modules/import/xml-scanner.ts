/**
 * A streaming XML scanner for the parts of an XLSX file: element names without their namespace
 * prefix, attributes, and text handed over piece by piece as it arrives, so a caller can stop
 * a 700 MB cell at its 32 768th character instead of building the string. Markup (a tag, a
 * comment, a CDATA section) is bounded; nesting is checked, so broken XML is an error.
 */
export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  /** Part of an element's text, entities decoded; one text node may come in several parts. */
  text(part: string): void;
}

/** A tag longer than this is no spreadsheet's: a cell's text is outside tags, CDATA is a cell at most. */
const MAX_MARKUP_CHARS = 1024 * 1024;

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function entity(whole: string, ref: string): string {
  if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
  const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
  if (!(code >= 0 && code <= 0x10ffff)) throw new XmlError(`bad character reference ${whole}`);
  return String.fromCodePoint(code);
}

// No closure is made per call: tsx names every function it creates, which costs in a loop run millions of times.
const decode = (text: string) => (text.includes('&') ? text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, entity) : text);

function closeOf(buf: string, marker: string, from: number): number {
  const at = buf.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const NAME = /^[A-Za-z_][\w.:-]*$/;
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** name="value" pairs between `from` and `to`; a value is quoted with " or '. */
function attributesOf(tag: string, from: number, to: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  let i = from;
  for (;;) {
    while (i < to && isSpace(tag.charCodeAt(i))) i++;
    if (i >= to) return attrs;
    const eq = tag.indexOf('=', i);
    if (eq < 0 || eq >= to) throw new XmlError(`bad attribute in ${tag.slice(0, 60)}`);
    const name = tag.slice(i, eq).trim();
    let q = eq + 1;
    while (q < to && isSpace(tag.charCodeAt(q))) q++;
    const quote = tag[q];
    const end = quote === '"' || quote === "'" ? tag.indexOf(quote, q + 1) : -1;
    if (end < 0 || end > to) throw new XmlError(`bad attribute in ${tag.slice(0, 60)}`);
    attrs[name] = decode(tag.slice(q + 1, end));
    i = end + 1;
  }
}

export class XmlScanner {
  private rest = '';
  private readonly stack: string[] = [];

  constructor(private readonly on: XmlHandlers) {}

  write(chunk: string) {
    const buf = this.rest + chunk;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end, but an entity cut by the chunk's end waits for the next chunk.
        const amp = buf.lastIndexOf('&');
        const cut = amp >= pos && buf.length - amp < 12 && !buf.includes(';', amp) ? amp : buf.length;
        this.emitText(buf.slice(pos, cut));
        this.rest = buf.slice(cut);
        return;
      }
      if (lt > pos) this.emitText(buf.slice(pos, lt));
      const end = this.markupEnd(buf, lt);
      if (end < 0) {
        if (buf.length - lt > MAX_MARKUP_CHARS) throw new XmlError('markup too long');
        this.rest = buf.slice(lt);
        return;
      }
      this.markup(buf.slice(lt, end));
      pos = end;
    }
  }

  end() {
    if (this.rest.trim() !== '') throw new XmlError('unexpected end of the document');
    if (this.stack.length) throw new XmlError(`unclosed element <${this.stack[this.stack.length - 1]}>`);
  }

  private emitText(text: string) {
    if (text === '') return;
    if (this.stack.length === 0) {
      if (text.trim() !== '') throw new XmlError('text outside the root element');
      return;
    }
    this.on.text(decode(text));
  }

  /** Where the markup starting at `lt` ends (just past it), or -1 when it goes on in the next chunk. */
  private markupEnd(buf: string, lt: number): number {
    if (buf.startsWith('<!--', lt)) return closeOf(buf, '-->', lt + 4);
    if (buf.startsWith('<![CDATA[', lt)) return closeOf(buf, ']]>', lt + 9);
    if (buf.startsWith('<?', lt)) return closeOf(buf, '?>', lt + 2);
    if (buf.length - lt < 9 && ('<!--'.startsWith(buf.slice(lt)) || '<![CDATA['.startsWith(buf.slice(lt)))) return -1;
    // A '>' inside a quoted attribute value does not end the tag.
    for (let from = lt + 1; ; ) {
      const gt = buf.indexOf('>', from);
      if (gt < 0) return -1;
      let q = from;
      while (q < gt && buf.charCodeAt(q) !== 34 && buf.charCodeAt(q) !== 39) q++;
      if (q === gt) return gt + 1;
      const close = buf.indexOf(buf[q], q + 1);
      if (close < 0) return -1;
      from = close + 1;
    }
  }

  private markup(tag: string) {
    if (tag.startsWith('<!--') || tag.startsWith('<?') || tag.startsWith('<!DOCTYPE')) return;
    if (tag.startsWith('<![CDATA[')) {
      if (this.stack.length === 0) throw new XmlError('CDATA outside the root element');
      this.on.text(tag.slice(9, -3));
      return;
    }
    if (tag[1] === '/') {
      const name = localName(tag.slice(2, -1).trim());
      const open = this.stack.pop();
      if (open !== name) throw new XmlError(`</${name}> closes <${open ?? 'nothing'}>`);
      this.on.close(name);
      return;
    }
    const selfClosing = tag.endsWith('/>');
    const bodyEnd = tag.length - (selfClosing ? 2 : 1);
    let nameEnd = 1;
    while (nameEnd < bodyEnd && !isSpace(tag.charCodeAt(nameEnd))) nameEnd++;
    const rawName = tag.slice(1, nameEnd);
    if (!NAME.test(rawName)) throw new XmlError(`bad element name <${rawName.slice(0, 40)}>`);
    const attrs = nameEnd < bodyEnd ? attributesOf(tag, nameEnd, bodyEnd) : {};
    const name = localName(rawName);
    this.on.open(name, attrs);
    if (selfClosing) this.on.close(name);
    else this.stack.push(name);
  }
}
