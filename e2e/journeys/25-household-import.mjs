// Community staff import a registry in the console: the upload is answered at once, the dialog follows the
// import in the background (polling its progress) to the dry-run report, then commits it and says how many
// households and people were added.
import ExcelJS from 'exceljs';
import { consoleSignIn, who } from '../lib/console-helpers.mjs';

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
];
