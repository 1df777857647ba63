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

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    if (!(code >= 0 && code <= 0x10ffff)) throw new XmlError(`bad character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

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
    const close = (marker: string, from: number) => {
      const at = buf.indexOf(marker, from);
      return at < 0 ? -1 : at + marker.length;
    };
    if (buf.startsWith('<!--', lt)) return close('-->', lt + 4);
    if (buf.startsWith('<![CDATA[', lt)) return close(']]>', lt + 9);
    if (buf.startsWith('<?', lt)) return close('?>', lt + 2);
    if (buf.length - lt < 9 && ('<!--'.startsWith(buf.slice(lt)) || '<![CDATA['.startsWith(buf.slice(lt)))) return -1;
    // A '>' inside a quoted attribute value does not end the tag.
    let quote = '';
    for (let i = lt + 1; i < buf.length; i++) {
      const c = buf[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') return i + 1;
    }
    return -1;
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
    const body = tag.slice(1, selfClosing ? -2 : -1);
    const nameEnd = body.search(/[\s]/);
    const rawName = nameEnd < 0 ? body : body.slice(0, nameEnd);
    if (!/^[A-Za-z_][\w.:-]*$/.test(rawName)) throw new XmlError(`bad element name <${rawName.slice(0, 40)}>`);
    const attrs: Record<string, string> = {};
    if (nameEnd >= 0) for (const m of body.slice(nameEnd).matchAll(ATTRIBUTE)) attrs[m[1]] = decode(m[2] ?? m[3]);
    const name = localName(rawName);
    this.on.open(name, attrs);
    if (selfClosing) this.on.close(name);
    else this.stack.push(name);
  }
}
