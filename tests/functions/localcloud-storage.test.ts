/**
 * Cloud storage through the real node-sdk against the local cloud: upload, temp URLs, download,
 * delete, signature and expiry checks, the dev gateway's upload and temp-URL routes, and files
 * surviving a restart and a kill -9.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { adminApp, startTestCloud, tempDir, type TestCloud } from '../helpers/localcloud';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.resolve(__dirname, '../fixtures/functions');
const FILE_ID = /^cloud:\/\/local-env\.6c6f-local-env-1250000000\//;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(2048)]);

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ functionsDir: FIXTURES });
});
afterAll(() => t.close());

async function tempUrlOf(fileID: string, maxAge = 600): Promise<string> {
  const { fileList } = await t.app.getTempFileURL({ fileList: [{ fileID, maxAge }] });
  expect(fileList[0]).toMatchObject({ fileID, code: 'SUCCESS' });
  return fileList[0].tempFileURL;
}

async function bytesAt(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** the error node-sdk throws, as `{ code, message }` */
async function sdkError(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  throw new Error('expected the call to fail');
}

describe('node-sdk storage', () => {
  test('uploadFile → getTempFileURL → fetch returns the same bytes, with the right content type', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'evidence/claim-1/photo.png', fileContent: PNG });
    expect(fileID).toMatch(FILE_ID);
    expect(fileID.endsWith('/evidence/claim-1/photo.png')).toBe(true);

    const url = await tempUrlOf(fileID);
    expect(url).toMatch(new RegExp(`^${t.cloud.url}/files/evidence/claim-1/photo\\.png\\?sign=[0-9a-f]+&t=\\d+$`));
    const got = await bytesAt(url);
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/png');
    expect(got.body.equals(PNG)).toBe(true);
  });

  test('a Chinese cloud path and a streamed upload round-trip through downloadFile', async () => {
    const dir = tempDir('storage-src');
    const source = path.join(dir, 'big.bin');
    const content = randomBytes(3 * 1024 * 1024 + 17);
    fs.writeFileSync(source, content);
    const { fileID } = await t.app.uploadFile({ cloudPath: '证据/三号楼/大文件.jpg', fileContent: fs.createReadStream(source) });
    fs.rmSync(dir, { recursive: true, force: true });
    const { fileContent } = await t.app.downloadFile({ fileID });
    expect(Buffer.isBuffer(fileContent) && fileContent.equals(content)).toBe(true);

    const got = await bytesAt(await tempUrlOf(fileID));
    expect(got.type).toBe('image/jpeg');
    expect(got.body.equals(content)).toBe(true);
  });

  test('an Excel export keeps its bytes and is served as a spreadsheet', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('积分台账').addRows([
      ['姓名', '积分'],
      ['张三', 12],
    ]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const { fileID } = await t.app.uploadFile({ cloudPath: 'exports/ledger-2026-11.xlsx', fileContent: xlsx });
    const got = await bytesAt(await tempUrlOf(fileID));
    expect(got.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(new Uint8Array(got.body).buffer);
    expect(back.getWorksheet('积分台账')?.getCell('A2').value).toBe('张三');
  });

  test('uploading to the same path replaces the file', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'replace/me.txt', fileContent: Buffer.from('第一版') });
    await t.app.uploadFile({ cloudPath: 'replace/me.txt', fileContent: Buffer.from('第二版') });
    const got = await bytesAt(await tempUrlOf(fileID));
    expect(got.type).toBe('text/plain; charset=utf-8');
    expect(got.body.toString('utf8')).toBe('第二版');
  });

  test('deleteFile removes the file: its temp URLs stop working and a second delete reports it missing', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'to-delete/a.jpg', fileContent: PNG });
    const url = await tempUrlOf(fileID);

    const first = await t.app.deleteFile({ fileList: [fileID] });
    expect(first.fileList).toEqual([{ fileID, code: 'SUCCESS' }]);
    expect((await fetch(url)).status).toBe(404);
    const { fileList } = await t.app.getTempFileURL({ fileList: [fileID] });
    expect(fileList[0]).toMatchObject({ fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    const second = await t.app.deleteFile({ fileList: [fileID] });
    expect(second.fileList[0]).toMatchObject({ fileID, code: 'STORAGE_FILE_NONEXIST' });
  });

  test('a temp URL expires after maxAge; a forged or re-dated sign is refused', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'signed/x.png', fileContent: PNG });
    const good = new URL(await tempUrlOf(fileID));
    const sign = good.searchParams.get('sign') ?? '';
    const forged = new URL(good);
    forged.searchParams.set('sign', (sign[0] === 'a' ? 'b' : 'a') + sign.slice(1));
    const redated = new URL(good);
    redated.searchParams.set('t', String(Number(good.searchParams.get('t')) + 3600));
    const otherPath = new URL(good);
    otherPath.pathname = '/files/signed/other.png';
    const unsigned = new URL(good);
    unsigned.search = '';
    for (const bad of [forged, redated, otherPath, unsigned]) {
      const res = await fetch(bad);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    }
    expect((await fetch(good)).status).toBe(200);

    const short = await tempUrlOf(fileID, 1);
    expect((await fetch(short)).status).toBe(200);
    const t0 = Number(new URL(short).searchParams.get('t'));
    await new Promise((r) => setTimeout(r, t0 * 1000 - Date.now() + 50));
    const expired = await fetch(short);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('链接已过期');
  });

  test('a cloud function uploads, links and downloads with unmodified node-sdk code', async () => {
    const { status, body } = await t.invokeRaw('storagecall', { cloudPath: 'exports/函数导出.csv', text: '姓名,积分\n张三,12\n' });
    expect(status).toBe(200);
    const { fileID, tempFileURL, downloaded } = body as { fileID: string; tempFileURL: string; downloaded: string };
    expect(fileID).toMatch(FILE_ID);
    expect(downloaded).toBe('姓名,积分\n张三,12\n');
    const got = await bytesAt(tempFileURL);
    expect(got.type).toBe('text/csv; charset=utf-8');
    expect(got.body.toString('utf8')).toBe(downloaded);
  });

  test('getFileInfo reads size and type through HEAD', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'info/photo.webp', fileContent: PNG });
    const { fileList } = await t.app.getFileInfo({ fileList: [{ fileID, maxAge: 60 }] } as Parameters<typeof t.app.getFileInfo>[0]);
    expect(fileList[0]).toMatchObject({ code: 'SUCCESS', size: PNG.length, mime: 'image/webp' });
  });

  test('bad cloud paths and foreign fileIDs are rejected', async () => {
    for (const cloudPath of ['/leading.png', 'a/../b.png', 'space in name.png', 'q?x.png', 'dir/']) {
      const err = await sdkError(t.app.uploadFile({ cloudPath, fileContent: PNG }));
      expect(err.code).toBe('INVALID_PARAM');
    }
    const { fileList } = await t.app.getTempFileURL({
      fileList: ['cloud://other-env.6f74-other-env-1250000000/a.png', 'not-a-file-id'],
    });
    expect(fileList.map((f: { code: string }) => f.code)).toEqual(['INVALID_PARAM', 'INVALID_PARAM']);
    const tooMany = Array.from({ length: 51 }, (_, i) => `cloud://local-env.6c6f-local-env-1250000000/${i}.png`);
    expect((await sdkError(t.app.getTempFileURL({ fileList: tooMany }))).code).toBe('INVALID_PARAM');
  });

  test('a PUT without a valid upload signature stores nothing', async () => {
    const put = await fetch(`${t.cloud.url}/files/sneaky/evil.png`, {
      method: 'PUT',
      headers: { authorization: 'q-sign-algorithm=sha256&q-key-time=9999999999&q-signature=00' },
      body: PNG,
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const { fileList } = await t.app.getTempFileURL({ fileList: ['cloud://local-env.6c6f-local-env-1250000000/sneaky/evil.png'] });
    expect(fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
  });
});

describe('dev gateway: /dev/upload and /dev/temp-urls', () => {
  const upload = (query: string, init: RequestInit & { openid?: string }) =>
    fetch(`${t.cloud.url}/dev/upload${query}`, {
      method: 'POST',
      ...init,
      headers: { ...(init.openid ? { 'x-dev-openid': init.openid } : {}), ...(init.headers as Record<string, string>) },
    });

  test('a multipart upload gives a fileID that node-sdk can turn into a working temp URL', async () => {
    const form = new FormData();
    form.append('cloudPath', 'evidence/claim-9/现场.jpg');
    form.append('file', new Blob([PNG], { type: 'image/jpeg' }), 'tmp_123.jpg');
    const res = await upload('', { body: form, openid: 'o-leader-1' });
    expect(res.status).toBe(200);
    const { fileID } = (await res.json()) as { fileID: string };
    expect(fileID).toMatch(FILE_ID);
    expect(fileID.endsWith('/evidence/claim-9/现场.jpg')).toBe(true);
    const got = await bytesAt(await tempUrlOf(fileID));
    expect(got.type).toBe('image/jpeg');
    expect(got.body.equals(PNG)).toBe(true);
  });

  test('a raw body with ?cloudPath= works; /dev/temp-urls answers like wx.cloud.getTempFileURL', async () => {
    const res = await upload(`?cloudPath=${encodeURIComponent('raw/a.png')}`, {
      body: PNG,
      openid: 'o-resident-1',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(200);
    const { fileID } = (await res.json()) as { fileID: string };

    const urls = await fetch(`${t.cloud.url}/dev/temp-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileList: [fileID, { fileID, maxAge: 60 }, `${fileID}.missing`] }),
    });
    expect(urls.status).toBe(200);
    const { fileList } = (await urls.json()) as { fileList: { tempFileURL: string; status: number; maxAge?: number; errMsg: string }[] };
    expect(fileList[0]).toMatchObject({ fileID, status: 0, errMsg: 'ok', maxAge: 86400 });
    expect(fileList[1]).toMatchObject({ fileID, status: 0, maxAge: 60 });
    expect(fileList[2]).toMatchObject({ status: -1, tempFileURL: '' });
    expect(fileList[2].errMsg).toContain('STORAGE_FILE_NONEXIST');
    const got = await bytesAt(fileList[1].tempFileURL);
    expect(got.type).toBe('image/png');
    expect(got.body.equals(PNG)).toBe(true);
  });

  test('bad input gets a 4xx with a clear message', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [upload('?cloudPath=a.png', { body: PNG }), 401, 'X-Dev-Openid'],
      [upload('', { body: PNG, openid: 'o-1' }), 400, 'cloudPath'],
      [upload('?cloudPath=..%2Fescape.png', { body: PNG, openid: 'o-1' }), 400, 'cloudPath'],
      [upload('?cloudPath=empty.png', { body: Buffer.alloc(0), openid: 'o-1' }), 400, '为空'],
      [
        upload('?cloudPath=big.png', { body: Buffer.alloc(10 * 1024 * 1024 + 1), openid: 'o-1', headers: { 'content-type': 'image/png' } }),
        413,
        '10 MB',
      ],
      [
        upload('', { body: 'not a form', openid: 'o-1', headers: { 'content-type': 'multipart/form-data; boundary=x' } }),
        400,
        'multipart',
      ],
      [fetch(`${t.cloud.url}/dev/temp-urls`, { method: 'POST', body: '{oops' }), 400, 'JSON'],
      [fetch(`${t.cloud.url}/dev/temp-urls`, { method: 'POST', body: JSON.stringify({ fileList: [] }) }), 400, 'fileList'],
    ];
    for (const [response, status, text] of cases) {
      const res = await response;
      const body = (await res.json()) as { code: string; message: string };
      expect({ status: res.status, hasMessage: body.message.includes(text) }).toEqual({ status, hasMessage: true });
    }
  });

  test('only the uploader may replace a file', async () => {
    const first = await upload('?cloudPath=owned/x.png', { body: PNG, openid: 'o-owner' });
    expect(first.status).toBe(200);
    const other = await upload('?cloudPath=owned/x.png', { body: Buffer.from('hijack'), openid: 'o-intruder' });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('FORBIDDEN');
    const again = await upload('?cloudPath=owned/x.png', { body: Buffer.from('v2'), openid: 'o-owner' });
    expect(again.status).toBe(200);
    const { fileID } = (await again.json()) as { fileID: string };
    expect((await bytesAt(await tempUrlOf(fileID))).body.toString()).toBe('v2');
  });
});

describe('durability', () => {
  test('files and their temp URLs survive a restart on the same data dir', async () => {
    const dataDir = tempDir('storage-restart');
    try {
      const first = await startTestCloud({ dataDir });
      const { fileID } = await first.app.uploadFile({ cloudPath: 'keep/me.png', fileContent: PNG });
      const { fileList } = await first.app.getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] });
      const oldPath = new URL(fileList[0].tempFileURL);
      await first.close();

      const second = await startTestCloud({ dataDir });
      try {
        const url = (await second.app.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL;
        expect((await bytesAt(url)).body.equals(PNG)).toBe(true);
        // a URL handed out before the restart still works (same signing key), on the new port
        const carried = await bytesAt(`${second.cloud.url}${oldPath.pathname}${oldPath.search}`);
        expect(carried.status).toBe(200);
        expect(carried.body.equals(PNG)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('kill -9: an acknowledged upload survives, an upload cut off midway leaves nothing', async () => {
    const dataDir = tempDir('storage-kill');
    try {
      const server = await startCli(dataDir);
      const app = adminApp(`${server.url}/admin`);
      const { fileID } = await app.uploadFile({ cloudPath: 'kill/acked.png', fileContent: PNG });

      // a PUT whose body never finishes: signed properly, then the server dies mid-stream
      const meta = await app.getUploadMetadata({ cloudPath: 'kill/torn.png' });
      const { url, token, authorization, cosFileId } = (meta as { data: Record<string, string> }).data;
      await new Promise<void>((resolve) => {
        const req = http.request(url, {
          method: 'PUT',
          headers: { authorization, 'x-cos-security-token': token, 'x-cos-meta-fileid': cosFileId },
        });
        req.on('error', () => resolve());
        req.write(randomBytes(256 * 1024));
        // SIGKILL once part of the body is on the server's disk, while it waits for the rest
        const tmp = path.join(dataDir, 'files', 'tmp');
        const poll = setInterval(() => {
          if (fs.readdirSync(tmp).some((f) => fs.statSync(path.join(tmp, f)).size > 0)) {
            clearInterval(poll);
            server.kill();
          }
        }, 10);
      });
      await server.exited;

      const again = await startCli(dataDir);
      try {
        const app2 = adminApp(`${again.url}/admin`);
        const { fileList } = await app2.getTempFileURL({
          fileList: [fileID, fileID.replace('acked.png', 'torn.png')],
        });
        expect(fileList.map((f: { code: string }) => f.code)).toEqual(['SUCCESS', 'STORAGE_FILE_NONEXIST']);
        expect((await bytesAt(fileList[0].tempFileURL)).body.equals(PNG)).toBe(true);
        expect(fs.readdirSync(path.join(dataDir, 'files', 'tmp'))).toEqual([]);
      } finally {
        again.kill();
        await again.exited;
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

/** the local cloud in its own process, so it can be killed with SIGKILL */
async function startCli(dataDir: string): Promise<{ url: string; kill(): void; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tools/localcloud/cli.ts', '--data-dir', dataDir, '--port', '0', '--no-gateway', '--parent-pid', String(process.pid)],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`localcloud exited (${code}) before listening: ${out}`)));
  });
  return { url, kill: () => child.kill('SIGKILL'), exited };
}
