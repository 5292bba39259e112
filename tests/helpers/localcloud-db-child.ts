/**
 * `node --import tsx tests/helpers/localcloud-db-child.ts DATA_DIR COMPACT_BYTES`: the local cloud's
 * database alone behind `/admin`, with a chosen compaction threshold, so a durability test can
 * kill it (-9) in the middle of compactions. Prints `listening on URL` once ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from '../../tools/localcloud/db/service';
import { readBody, sendJson } from '../../tools/localcloud/http';
import { CloudError, type AdminRequest } from '../../tools/localcloud/types';

async function main(): Promise<void> {
  const [dataDir, compactBytes] = process.argv.slice(2);
  const db = await openDatabase({
    dataDir,
    declarationsDir: path.resolve(__dirname, '../../database'),
    unindexedQueryThreshold: null,
    compactBytes: Number(compactBytes),
  });
  let seq = 0;
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const body = JSON.parse(raw.toString('utf8')) as AdminRequest;
        return db.handle(body.action, body);
      })
      .then(
        (answer) => sendJson(res, 200, { requestId: `child-${seq++}`, ...answer }),
        (err: unknown) =>
          sendJson(res, 200, {
            requestId: `child-${seq++}`,
            code: err instanceof CloudError ? err.code : 'SYS_ERR',
            message: String((err as Error).message ?? err),
          }),
      );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`);
  });
}

void main();
