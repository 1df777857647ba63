import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hostile XLSX files for the upload tests, built byte by byte: a zip writer small enough to
 * let an entry's declared sizes differ from what its data inflates to.
 */
export interface ZipPart {
  name: string;
  /** Deflated here and declared truthfully. */
  data?: Buffer;
  /** Already deflated, declared as given (which may be a lie). */
  raw?: { deflated: Buffer; size: number; crc: number };
}

export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const deflated = part.raw?.deflated ?? deflateRawSync(part.data ?? Buffer.alloc(0));
    const size = part.raw?.size ?? part.data?.length ?? 0;
    const crc = part.raw?.crc ?? crc32(part.data ?? Buffer.alloc(0));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A deflate stream that inflates to `repeat` copies of `middle` between `head` and `tail`:
 * each piece is flushed in full, so its compressed bytes do not depend on what came before and
 * can be repeated without deflating gigabytes.
 */
export function repeatedDeflate(head: string, middle: string, repeat: number, tail: string) {
  const piece = (text: string) => deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_FULL_FLUSH });
  const middleDeflated = piece(middle);
  const deflated = Buffer.concat([piece(head), ...Array.from({ length: repeat }, () => middleDeflated), deflateRawSync(Buffer.from(tail))]);
  return { deflated, size: Buffer.byteLength(head) + Buffer.byteLength(middle) * repeat + Buffer.byteLength(tail) };
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook has, and one sheet with the given <sheetData> content. */
export function workbookParts(sheetData: string, extra: ZipPart[] = []): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: xml(`<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`) },
    ...extra,
  ];
}

export const inlineCell = (text: string, ref?: string) => `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${text}</t></is></c>`;

const SST_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}">`;
const BOMB_STRING = `<si><t>${'A'.repeat(1 << 20)}</t></si>`;

/**
 * A workbook of a few MB whose shared strings inflate to ~4 GB (4 000 strings of 1 MB). With
 * `declaredSize`, its headers claim that size instead (a lie the central directory tells).
 */
export function sharedStringsBomb(declaredSize?: number): Buffer {
  const bomb = repeatedDeflate(SST_HEAD, BOMB_STRING, 4000, '</sst>');
  const sheet = `<row r="1">${inlineCell('姓名', 'A1')}<c r="B1" t="s"><v>0</v></c></row>`;
  return zipOf(
    workbookParts(sheet, [{ name: 'xl/sharedStrings.xml', raw: { deflated: bomb.deflated, size: declaredSize ?? bomb.size, crc: 0 } }]),
  );
}
