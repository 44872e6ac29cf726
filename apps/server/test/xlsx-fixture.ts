import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Writes large .xlsx registries for tests without holding them as a workbook model: each part is generated
 * and deflated chunk by chunk. The parts are laid out as Excel lays them out (the sheet before the shared
 * strings), the file a real 280,000-row registry export looks like.
 */

interface Part {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
}

async function deflatePart(name: string, chunks: Iterable<string>): Promise<Part> {
  const deflate = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const s of chunks) {
    const b = Buffer.from(s, 'utf8');
    crc = crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { name, data: Buffer.concat(out), crc, size };
}

function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16);
    dir.writeUInt32LE(p.data.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    central.push(dir, name);
    offset += local.length + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A registry of `rows` people in `building`, one household per person: 楼栋, 楼层, 房号, 与户主关系, 姓名 and
 * 手机号 (130… numbers, unique). Names and the building are shared strings, rooms inline strings, the
 * rest numbers — the three ways cells hold values.
 */
export async function largeRegistry(rows: number, building = '江滨新村10栋'): Promise<Buffer> {
  const headers = ['楼栋', '楼层', '房号', '与户主关系', '姓名', '手机号'];
  // Shared strings: 0 building, 1 relation, 2..7 headers, 8+i the name of person i.
  const shared = [building, '户主', ...headers];
  const cols = 'ABCDEF';
  function* sheet(): Generator<string> {
    yield `${xml}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F${rows + 1}"/><sheetData>`;
    yield `<row r="1">${headers.map((_, i) => `<c r="${cols[i]}1" t="s"><v>${i + 2}</v></c>`).join('')}</row>`;
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const r = i + 2;
      chunk +=
        `<row r="${r}"><c r="A${r}" t="s"><v>0</v></c><c r="B${r}"><v>${1 + (i % 30)}</v></c>` +
        `<c r="C${r}" t="inlineStr"><is><t>${100000 + i}</t></is></c><c r="D${r}" t="s"><v>1</v></c>` +
        `<c r="E${r}" t="s"><v>${shared.length + i}</v></c><c r="F${r}"><v>${13000000000 + i}</v></c></row>`;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sheetData></worksheet>`;
  }
  function* strings(): Generator<string> {
    const count = shared.length + rows;
    yield `${xml}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`;
    yield shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('');
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      chunk += `<si><t>居民${i}</t></si>`;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sst>`;
  }
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts = [
    await deflatePart('[Content_Types].xml', [
      `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ]),
    await deflatePart('_rels/.rels', [
      `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ]),
    await deflatePart('xl/workbook.xml', [
      `${xml}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}">` +
        '<sheets><sheet name="住户" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ]),
    await deflatePart('xl/_rels/workbook.xml.rels', [
      `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${ns}/styles" Target="styles.xml"/></Relationships>`,
    ]),
    await deflatePart('xl/worksheets/sheet1.xml', sheet()),
    await deflatePart('xl/sharedStrings.xml', strings()),
    await deflatePart('xl/styles.xml', [
      `${xml}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
        '<borders count="1"><border/></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '</styleSheet>',
    ]),
  ];
  return zip(parts);
}
