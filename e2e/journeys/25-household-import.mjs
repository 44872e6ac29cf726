// Community staff import a registry in the console: the upload is answered at once, the dialog follows the
// import in the background (polling its progress) to the dry-run report, then commits it and says how many
// households and people were added.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';

const TYPE_INTO_SHEET = fileURLToPath(new URL('../lib/type-into-sheet.py', import.meta.url));

/** An 18-digit resident ID number with its GB 11643 check character, born on `birth` (YYYYMMDD). */
function chinaId(region, birth, seq) {
  const body = `${region}${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

async function registry(room) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('住户');
  ws.addRow(['楼栋', '楼层', '房号', '与户主关系', '姓名', '性别']);
  ws.addRow(['福宁街5号', 9, room, '户主', '导入测试户主', '男']);
  ws.addRow(['福宁街5号', 9, room, '配偶', '导入测试配偶', '女']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export default [
  {
    name: 'community staff import a registry: checked in the background, then committed',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, who(ctx, '13700000004', 'community_staff'), '/households');
      await page.getByRole('button', { name: '导入' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('下载导入模板').waitFor();
      const room = `9${String(Date.now()).slice(-3)}`;
      await dialog.locator('input[type=file]').setInputFiles({
        name: '住户登记.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await registry(room),
      });
      await dialog.getByText('共 2 行，有效 2 行，错误 0 处').waitFor({ timeout: 30_000 });
      await screenshot(page, 'console-household-import-report');
      await dialog.getByRole('button', { name: '确认导入' }).click();
      await dialog.getByText('导入成功：新增 1 户、2 人。').waitFor({ timeout: 30_000 });
      await screenshot(page, 'console-household-import-done');
    },
  },
  {
    name: 'the template typed into with LibreOffice Calc keeps all 18 digits of the ID numbers and imports',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      if (!existsSync('/usr/bin/soffice') || !existsSync('/usr/lib/python3/dist-packages/uno.py'))
        throw new Error('needs LibreOffice Calc: apt-get install libreoffice-calc-nogui python3-uno (.ci/run does)');
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, who(ctx, '13700000004', 'community_staff'), '/households');
      await page.getByRole('button', { name: '导入' }).first().click();
      const dialog = page.getByRole('dialog');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: '下载导入模板' }).click(),
      ]);
      const dir = await mkdtemp(join(tmpdir(), 'lz-template-'));
      const template = join(dir, '住户导入模板.xlsx');
      await download.saveAs(template);

      // Two residents of one flat typed in below the example row, as a community worker would: IDs and
      // phone numbers as plain digits (one ID ending in X), nothing pasted, no apostrophes.
      const n = Date.now() % 1000;
      const seq = String(100 + (n % 900)).padStart(3, '0');
      const room = `8${String(n).padStart(3, '0')}`;
      const ids = [chinaId('440783', '19420305', seq), chinaId('440783', '19450718', seq)];
      const phones = [`139${String(Date.now()).slice(-8)}`, `137${String(Date.now() + 7).slice(-8)}`];
      // Columns found by their headers in the downloaded template, as a person reads them.
      const blank = new ExcelJS.Workbook();
      await blank.xlsx.load(await readFile(template));
      const headers = blank.worksheets[0].getRow(1).values;
      const col = (h) => {
        const i = headers.indexOf(h);
        if (i < 1) throw new Error(`the template has no ${h} column`);
        return i;
      };
      const person = (row, relation, name, gender, i) => [
        [row, col('楼栋'), '福宁街5号'],
        [row, col('楼层'), '8'],
        [row, col('房号'), room],
        [row, col('与户主关系'), relation],
        [row, col('姓名'), name],
        [row, col('性别'), gender],
        [row, col('手机号'), phones[i]],
        [row, col('身份证号'), ids[i]],
      ];
      const cells = [...person(3, '户主', '模板测试户主', '男', 0), ...person(4, '配偶', '模板测试配偶', '女', 1)];
      const cellsFile = join(dir, 'cells.json');
      await writeFile(cellsFile, JSON.stringify(cells));
      const typed = join(dir, '住户登记（已填写）.xlsx');
      const r = spawnSync('/usr/bin/python3', [TYPE_INTO_SHEET, template, typed, cellsFile], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`LibreOffice could not fill the template: ${r.stderr || r.error}`);

      // What Calc saved: the ID numbers are text with all 18 digits, not 4.40783194203051E+17.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await readFile(typed));
      const sheet = wb.worksheets[0];
      for (const [i, row] of [3, 4].entries()) {
        const id = sheet.getRow(row).getCell(col('身份证号')).value;
        if (id !== ids[i]) throw new Error(`row ${row}: the ID number was saved as ${JSON.stringify(id)}`);
      }

      await dialog.locator('input[type=file]').setInputFiles(typed);
      await dialog.getByText('共 2 行，有效 2 行，错误 0 处').waitFor({ timeout: 30_000 });
      await screenshot(page, 'console-household-import-libreoffice-report');
      await dialog.getByRole('button', { name: '确认导入' }).click();
      await dialog.getByText('导入成功：新增 1 户、2 人。').waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'a registry with some bad rows: 导入有效行 imports the good ones, the bad ones stay in the error file',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const page = await newPage({ width: 1366, height: 768 });
      const staff = who(ctx, '13700000004', 'community_staff');
      await consoleSignIn(page, baseUrl, staff, '/households');
      await page.getByRole('button', { name: '导入' }).first().click();
      const dialog = page.getByRole('dialog');
      const stamp = String(Date.now()).slice(-3);
      const good = [`7${stamp}`, `6${stamp}`];
      const badRoom = `5${stamp}`;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('住户');
      ws.addRow(['楼栋', '楼层', '房号', '与户主关系', '姓名', '性别', '手机号']);
      ws.addRow(['福宁街5号', 7, good[0], '户主', '有效行户主', '男', null]);
      ws.addRow(['福宁街5号', 5, badRoom, '户主', '错误行户主', '女', '12345']);
      ws.addRow(['福宁街5号', 6, good[1], '户主', '有效行二户主', '女', null]);
      ws.addRow(['不存在的楼', 6, `4${stamp}`, '户主', '错误行二户主', '男', null]);
      await dialog.locator('input[type=file]').setInputFiles({
        name: '住户登记（部分有错）.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await dialog.getByText('共 4 行，有效 2 行，错误 2 处').waitFor({ timeout: 30_000 });
      await screenshot(page, 'console-household-import-partly-bad');
      await dialog.getByRole('button', { name: '导入有效行（2 行）' }).click();
      await dialog.getByText('导入成功：新增 2 户、2 人。').waitFor({ timeout: 30_000 });
      await dialog.getByText('2 行有错误，未导入').waitFor();
      await screenshot(page, 'console-household-import-valid-done');
      // The commit's error file still marks the two rows left out.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: '下载错误标注文件' }).click(),
      ]);
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(await readFile(await download.path()));
      const listed = back.getWorksheet('错误清单');
      const rowsListed = [];
      listed.eachRow((r, n) => n > 1 && rowsListed.push(r.values[1]));
      if (JSON.stringify([...new Set(rowsListed)]) !== JSON.stringify([3, 5]))
        throw new Error(`the error file lists rows ${JSON.stringify(rowsListed)}, not 3 and 5`);
      await dialog.getByRole('button', { name: '完成' }).click();

      // The registry has the good ones and not the bad one.
      const api = apiOf(await newPage({ width: 800, height: 600 }), baseUrl);
      await api.login(staff);
      for (const room of good) {
        const found = (await api.get(`/households?q=${room}`)).items;
        if (!found.some((h) => h.room === room)) throw new Error(`room ${room} is not in the registry`);
      }
      if ((await api.get(`/households?q=${badRoom}`)).items.some((h) => h.room === badRoom))
        throw new Error(`the bad row's room ${badRoom} was imported`);
      await page.goto(`${baseUrl}/console/households?q=${good[0]}`);
      await page.locator('.ant-table-row', { hasText: good[0] }).first().waitFor({ timeout: 15_000 });
      await screenshot(page, 'console-households-after-valid-import');
    },
  },
  {
    name: 'a registry with a bad phone number comes back with the cell marked and the value quoted',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, who(ctx, '13700000004', 'community_staff'), '/households');
      await page.getByRole('button', { name: '导入' }).first().click();
      const dialog = page.getByRole('dialog');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('住户');
      ws.addRow(['楼栋', '楼层', '房号', '与户主关系', '姓名', '性别', '手机号']);
      ws.addRow(['福宁街5号', 9, '9901', '户主', '错误测试户主', '男', '12345']);
      await dialog.locator('input[type=file]').setInputFiles({
        name: '住户登记（有错）.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await dialog.getByText('共 1 行，有效 0 行，错误 1 处').waitFor({ timeout: 30_000 });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: '下载错误标注文件' }).click(),
      ]);
      await screenshot(page, 'console-household-import-errors');
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(await readFile(await download.path()));
      const phoneCell = back.worksheets[0].getRow(2).getCell(7);
      if (phoneCell.text !== '12345' || !String(phoneCell.note ?? '').includes('手机号'))
        throw new Error(`the bad phone cell is not marked: ${phoneCell.text} / ${phoneCell.note}`);
      const list = back.getWorksheet('错误清单');
      const quoted = list.getRow(2).values.slice(1);
      if (quoted[0] !== 2 || quoted[1] !== '手机号' || quoted[2] !== '12345')
        throw new Error(`错误清单 does not quote the bad value: ${JSON.stringify(quoted)}`);
    },
  },
];
