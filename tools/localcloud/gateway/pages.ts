/** The dev gateway's own pages: the dev login (choose a demo persona) and "the H5 build is missing". */

/** where the H5 app's services read the chosen caller from */
export const DEV_OPENID_KEY = 'hongling.devOpenid';
export const APP_PATH = '/app/';

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
         background: #f6f2ef; color: #2b2b2b; }
  main { max-width: 560px; margin: 0 auto; padding: 32px 20px 48px; }
  header { border-left: 6px solid #c8161d; padding-left: 14px; margin-bottom: 24px; }
  h1 { margin: 0; font-size: 26px; color: #c8161d; }
  header p { margin: 6px 0 0; color: #666; font-size: 15px; }
  .persona { display: block; width: 100%; margin: 0 0 14px; padding: 18px 20px; text-align: left;
             font: inherit; background: #fff; border: 2px solid #eadcd6; border-radius: 14px; cursor: pointer; }
  .persona:hover, .persona:focus-visible { border-color: #c8161d; outline: none; }
  .persona.current { border-color: #c8161d; background: #fff6f5; }
  .persona .role { display: inline-block; font-size: 14px; color: #fff; background: #c8161d; border-radius: 6px;
                   padding: 2px 8px; margin-right: 8px; vertical-align: 2px; }
  .persona .name { font-size: 20px; font-weight: 600; }
  .persona .desc { display: block; margin-top: 6px; color: #666; font-size: 15px; line-height: 1.5; }
  .note { color: #888; font-size: 13px; text-align: center; margin-top: 24px; }
  form.newcomer { background: #fff; border: 2px dashed #eadcd6; border-radius: 14px; padding: 18px 20px; margin-top: 8px; }
  form.newcomer h2 { margin: 0 0 6px; font-size: 18px; }
  form.newcomer p { margin: 0 0 12px; color: #666; font-size: 15px; line-height: 1.5; }
  form.newcomer input { font: inherit; width: 100%; padding: 12px; border: 2px solid #eadcd6; border-radius: 10px; margin-bottom: 12px; }
  form.newcomer button { font: inherit; font-size: 17px; padding: 12px 20px; min-height: 48px; color: #fff; background: #c8161d; border: 0; border-radius: 10px; cursor: pointer; }
  code { background: #fff; border: 1px solid #eadcd6; border-radius: 6px; padding: 2px 6px; }
  .error { color: #c8161d; }
`;

const page = (title: string, body: string, script = '') => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main>${script ? `<script>${script}</script>` : ''}</body>
</html>
`;

export function devLoginPage(): string {
  const script = `
const KEY = ${JSON.stringify(DEV_OPENID_KEY)};
const list = document.getElementById('personas');
const current = localStorage.getItem(KEY);
function choose(openid) {
  localStorage.setItem(KEY, openid);
  location.href = ${JSON.stringify(APP_PATH)};
}
function button(cls, html, openid) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.innerHTML = html;
  b.addEventListener('click', () => choose(openid));
  list.appendChild(b);
}
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
fetch('/dev/personas')
  .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
  .then((personas) => {
    list.textContent = '';
    for (const p of personas) {
      button('persona' + (p.openid === current ? ' current' : ''),
        '<span class="role">' + esc(p.label) + '</span><span class="name">' + esc(p.name) + '</span>' +
        '<span class="desc">' + esc(p.description) + '</span>', p.openid);
    }
  })
  .catch((e) => { list.innerHTML = '<p class="error">读取演示身份失败：' + esc(e.message) + '，请确认本地云正在运行。</p>'; });
document.getElementById('newcomer').addEventListener('submit', (e) => {
  e.preventDefault();
  const openid = document.getElementById('newcomer-openid').value.trim();
  if (openid) choose(openid);
});
`;
  return page(
    '开发登录 · 红邻',
    `<header><h1>开发登录 · 选择演示身份</h1><p>红邻本地开发版：选择一个身份进入小程序 H5 版本</p></header>
<section id="personas" aria-live="polite"><p>正在读取演示身份…</p></section>
<form class="newcomer" id="newcomer">
<h2>以新的微信用户进入</h2>
<p>空的本地云里没有演示身份：起一个名字（如 <code>day1-admin</code>），就像一个第一次打开小程序的微信用户。同一个名字下次还是同一个人。</p>
<input id="newcomer-openid" aria-label="新微信用户的标识" placeholder="例如 day1-admin" pattern="[A-Za-z0-9_-]{1,64}" required>
<button type="submit">以此身份进入</button>
</form>
<p class="note">仅用于本地开发；身份保存在本浏览器中，随时可回到此页切换。</p>`,
    script,
  );
}

export function h5MissingPage(h5Dir: string | null): string {
  return page(
    'H5 版本尚未构建 · 红邻',
    `<header><h1>H5 版本尚未构建</h1><p>本地云已运行，但找不到小程序的 H5 构建产物${
      h5Dir ? `（<code>${escapeHtml(h5Dir)}</code>）` : ''
    }。</p></header>
<p>请在项目根目录运行 <code>npm run build:h5</code> 生成 H5 版本，然后刷新本页；
或直接运行 <code>npm start</code>，它会自动构建并启动。</p>`,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
