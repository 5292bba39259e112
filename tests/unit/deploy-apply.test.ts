/**
 * The real deploy code driving the real @cloudbase/manager-node against a stand-in for Tencent
 * Cloud's API on 127.0.0.1. manager-node honours `http_proxy`, so its HTTPS requests to
 * *.tencentcloudapi.com are tunnelled (CONNECT) to a local TLS server whose throwaway certificate
 * the deploying child process trusts through NODE_EXTRA_CA_CERTS (read only at process start, hence
 * the child). This checks which API actions we send and with what parameters (code zip included);
 * it cannot check how Tencent Cloud itself answers them.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { IndexInfo } from '@cloudbase/manager-node/types/interfaces';
import JSZip from 'jszip';
import { promisify } from 'node:util';
import type { DeployReport } from '../../tools/deploy/apply';
import { loadCloudbaserc } from '../../tools/deploy/cloudbaserc';
import { buildPlan, type DeployPlan } from '../../tools/deploy/plan';
import type { CollectionDeclaration } from '../../tools/localcloud/db/declarations';

const ROOT = path.resolve(__dirname, '../..');
const ENV_ID = 'hongling-test1';
const SECRET_ID = 'AKIDfakeDeployTest';

type Body = Record<string, unknown>;
interface ApiCall {
  service: string;
  action: string;
  body: Body;
  authorization: string;
}
class ApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Just enough of the tcb and scf APIs for a deploy, with the state a real environment would keep. */
class FakeTencentCloud {
  calls: ApiCall[] = [];
  functions = new Map<string, Body>();
  tables = new Map<string, IndexInfo[]>();
  rules = new Map<string, Body>();

  actions(service?: string): string[] {
    return this.calls.filter((c) => !service || c.service === service).map((c) => `${c.service}.${c.action}`);
  }

  body(action: string): Body[] {
    return this.calls.filter((c) => c.action === action).map((c) => c.body);
  }

  answer(service: string, action: string, body: Body): Body {
    const name = (body.TableName ?? body.FunctionName) as string;
    switch (`${service}.${action}`) {
      case 'tcb.DescribeEnvInfo':
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: ENV_ID,
              Databases: [{ InstanceId: 'tnt-fake', Region: 'ap-shanghai', Status: 'RUNNING' }],
              Functions: [{ Namespace: ENV_ID, Region: 'ap-shanghai' }],
              Storages: [],
            },
          },
        };
      case 'tcb.DescribeTable':
        if (!this.tables.has(name)) throw new ApiError('ResourceNotFound');
        return { Indexes: this.tables.get(name), IndexNum: this.tables.get(name)!.length };
      case 'tcb.CreateTable':
        this.tables.set(name, [index('_id_', [['_id', '1']])]);
        return {};
      case 'tcb.UpdateTable': {
        const created = (body.CreateIndexes as Array<{ IndexName: string; MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean } }>) ?? [];
        for (const c of created) {
          this.tables.get(name)!.push(index(c.IndexName, c.MgoKeySchema.MgoIndexKeys.map((k) => [k.Name, k.Direction]), c.MgoKeySchema.MgoIsUnique));
        }
        return {};
      }
      case 'tcb.ModifySafeRule':
        this.rules.set(body.CollectionName as string, body);
        return {};
      case 'scf.CreateFunction':
        if (this.functions.has(name)) throw new ApiError('ResourceInUse.FunctionName');
        this.functions.set(name, body);
        return {};
      case 'scf.GetFunction':
        if (!this.functions.has(name)) throw new ApiError('ResourceNotFound.Function');
        return { FunctionName: name, Status: 'Active', Runtime: this.functions.get(name)!.Runtime, Environment: this.functions.get(name)!.Environment };
      case 'scf.UpdateFunctionCode':
      case 'scf.UpdateFunctionConfiguration':
        Object.assign(this.functions.get(name)!, body);
        return {};
      default:
        throw new ApiError('InvalidAction');
    }
  }

  handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const service = String(req.headers.host).split('.')[0];
      const action = String(req.headers['x-tc-action']);
      const body = JSON.parse(raw || '{}') as Body;
      this.calls.push({ service, action, body, authorization: String(req.headers.authorization) });
      let response: Body;
      try {
        response = { ...this.answer(service, action, body), RequestId: `req-${this.calls.length}` };
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        response = { Error: { Code: err.code, Message: `fake: ${err.code}` }, RequestId: `req-${this.calls.length}` };
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Response: response }));
    });
  };
}

function index(Name: string, keys: Array<[string, string]>, Unique = false): IndexInfo {
  return { Name, Size: 4096, Keys: keys.map(([n, Direction]) => ({ Name: n, Direction })), Accesses: { Ops: 0, Since: '' }, Unique };
}

const listen = (server: net.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: net.Server) => new Promise((resolve) => server.close(resolve));

/** Runs applyPlan in a fresh process (tsx) that trusts `caFile` and reaches the API through `proxyUrl`. */
async function deployInChild(plan: DeployPlan, proxyUrl: string, caFile: string): Promise<{ report: DeployReport; log: string }> {
  const script = `
    const CloudBase = require(${JSON.stringify(require.resolve('@cloudbase/manager-node'))});
    const { applyPlan } = require(${JSON.stringify(path.join(ROOT, 'tools/deploy/apply.ts'))});
    const app = new CloudBase({ envId: '${ENV_ID}', secretId: '${SECRET_ID}', secretKey: 'fake-secret-key' });
    applyPlan(app, JSON.parse(process.env.DEPLOY_PLAN), (line) => console.error(line)).then(
      (report) => console.log(JSON.stringify(report)),
      (err) => { console.error(err.message); process.exit(1); },
    );`;
  const { stdout, stderr } = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', http_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: caFile, DEPLOY_PLAN: JSON.stringify(plan) },
  });
  return { report: JSON.parse(stdout.trim().split('\n').pop()!) as DeployReport, log: stderr };
}

const declarations: CollectionDeclaration[] = [
  {
    name: 'persons',
    indexes: [
      { name: 'openid_1', keys: [{ field: 'openid', direction: 1 }], unique: true },
      { name: 'compound_created', keys: [{ field: 'compoundId', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
    ],
    rules: { read: 'auth.openid == doc.openid', write: false },
  },
  { name: 'compounds', indexes: [] },
];

describe('applyPlan through @cloudbase/manager-node', () => {
  const cloud = new FakeTencentCloud();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongling-deploy-'));
  let api: https.Server;
  let proxy: http.Server;
  const tunnels = new Set<net.Socket>();
  let proxyUrl = '';
  const rc = loadCloudbaserc(ROOT);
  const plan = buildPlan({ root: dir, envId: ENV_ID, rc: { ...rc, functions: [rc.functions[0]] }, declarations });
  const fnName = rc.functions[0].name;
  const caFile = path.join(dir, 'cert.pem');
  const deploy = (p: DeployPlan) => deployInChild(p, proxyUrl, caFile);

  beforeAll(async () => {
    // a function folder as build-functions leaves it: sources, the bundle, a package.json
    const fnDir = path.join(dir, 'cloudfunctions', fnName);
    fs.mkdirSync(path.join(fnDir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(fnDir, 'src', 'index.ts'), 'export const main = async () => 1;\n');
    fs.writeFileSync(path.join(fnDir, 'index.js'), 'exports.main = async () => 1;\n');
    fs.writeFileSync(path.join(fnDir, 'index.js.map'), '{}');
    fs.writeFileSync(path.join(fnDir, 'package.json'), '{"name":"fn","dependencies":{"@cloudbase/node-sdk":"3.18.3"}}');

    // a throwaway certificate for *.tencentcloudapi.com, trusted only by the deploying child
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=tencentcloudapi.com', '-addext', 'subjectAltName=DNS:*.tencentcloudapi.com',
      '-keyout', path.join(dir, 'key.pem'), '-out', caFile], { stdio: 'ignore' });
    api = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(caFile) }, cloud.handler);
    const apiPort = await listen(api);
    proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      // only Tencent Cloud API hosts are tunnelled; anything else would be a bug in the test setup
      if (!/^[a-z]+\.tencentcloudapi\.com:443$/.test(req.url ?? '')) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      const upstream = net.connect(apiPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      for (const s of [client, upstream]) {
        tunnels.add(s);
        s.on('close', () => tunnels.delete(s));
        s.on('error', () => s.destroy());
      }
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  });

  afterAll(async () => {
    for (const s of tunnels) s.destroy();
    await Promise.all([close(api), close(proxy)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('first deploy: creates the function from the bundle only, the collections, indexes and rules', async () => {
    const { report } = await deploy(plan);

    expect(cloud.calls.every((c) => c.authorization.includes(`Credential=${SECRET_ID}/`))).toBe(true);
    const [created] = cloud.body('CreateFunction');
    const entry = rc.functions[0];
    expect(created).toMatchObject({
      FunctionName: fnName,
      Namespace: ENV_ID,
      Handler: 'index.main',
      Runtime: entry.runtime,
      Timeout: entry.timeout,
      MemorySize: entry.memorySize,
      InstallDependency: 'FALSE',
      Environment: { Variables: Object.entries(entry.envVariables ?? {}).map(([Key, Value]) => ({ Key, Value })) },
    });
    // collections first, so new function code never meets a missing collection
    expect(cloud.actions().lastIndexOf('tcb.ModifySafeRule')).toBeLessThan(cloud.actions().indexOf('scf.CreateFunction'));
    const zip = await JSZip.loadAsync((created.Code as { ZipFile: string }).ZipFile, { base64: true });
    const files = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort();
    expect(files).toEqual(['index.js', 'package.json']);
    expect(await zip.file('index.js')!.async('string')).toBe('exports.main = async () => 1;\n');

    expect(cloud.body('CreateTable').map((b) => b.TableName)).toEqual(['persons', 'compounds']);
    expect(cloud.body('UpdateTable')).toEqual([
      expect.objectContaining({ TableName: 'persons', CreateIndexes: plan.collections[0].indexes }),
    ]);
    expect(cloud.rules.get('persons')).toMatchObject({ EnvId: ENV_ID, AclTag: 'CUSTOM', Rule: JSON.stringify(declarations[0].rules) });
    expect(cloud.rules.get('compounds')).toMatchObject({ AclTag: 'CUSTOM', Rule: '{"read":false,"write":false}' });
    expect(report.collections.map((c) => [c.name, c.created, c.createdIndexes])).toEqual([
      ['persons', true, ['openid_1', 'compound_created']],
      ['compounds', true, []],
    ]);
  }, 120_000);

  it('second deploy: updates code and config, creates only missing indexes, never drops anything', async () => {
    // meanwhile someone added an index by hand and one declared index was recreated differently
    const persons = cloud.tables.get('persons')!;
    persons.push(index('by_hand', [['phone', '1']]));
    persons.splice(persons.findIndex((i) => i.Name === 'compound_created'), 1);
    persons.splice(persons.findIndex((i) => i.Name === 'openid_1'), 1, index('openid_1', [['openid', '1']], false));
    // and set a secret plus a different LOG_LEVEL on the function in the console
    cloud.functions.get(fnName)!.Environment = { Variables: [{ Key: 'LOG_LEVEL', Value: 'debug' }, { Key: 'OA_APPSECRET', Value: 'console-only' }] };
    cloud.calls = [];

    const { report, log } = await deploy(plan);

    expect(cloud.actions('scf')).toEqual(expect.arrayContaining(['scf.CreateFunction', 'scf.UpdateFunctionCode', 'scf.UpdateFunctionConfiguration']));
    const [config] = cloud.body('UpdateFunctionConfiguration');
    expect(config).toMatchObject({ FunctionName: fnName, InstallDependency: 'FALSE' });
    const vars = (config.Environment as { Variables: Array<{ Key: string; Value: string }> }).Variables;
    expect(Object.fromEntries(vars.map((v) => [v.Key, v.Value]))).toEqual({ ...rc.functions[0].envVariables, OA_APPSECRET: 'console-only' });
    expect(log).toMatch(/保留控制台设置的环境变量.*OA_APPSECRET/);
    expect(log).not.toContain('console-only');
    expect(cloud.body('CreateTable')).toEqual([]);
    expect(cloud.body('UpdateTable')).toEqual([
      expect.objectContaining({ TableName: 'persons', CreateIndexes: [plan.collections[0].indexes[1]] }),
    ]);
    expect(cloud.calls.some((c) => 'DropIndexes' in c.body || /Delete/.test(c.action))).toBe(false);
    expect(report.collections[0]).toMatchObject({ created: false, extraIndexes: ['by_hand'], conflictingIndexes: ['openid_1'] });
    expect(log).toMatch(/未声明的索引.*by_hand/);
    expect(log).toMatch(/需人工.*openid_1/);
  }, 120_000);

  it('refuses to start when a bundle has not been built', async () => {
    fs.rmSync(path.join(dir, 'cloudfunctions', fnName, 'index.js'));
    cloud.calls = [];
    await expect(deploy(plan)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/找不到函数包/) });
    expect(cloud.calls).toEqual([]);
  }, 60_000);
});
