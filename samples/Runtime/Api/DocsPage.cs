namespace Glyphh.Runtime.Api;

/// <summary>
/// <c>/docs</c> (local mode only): the OpenAPI document at <c>/docs/openapi.json</c> and a small
/// self-contained page that lists the operations and sends requests, with nothing fetched from a CDN.
/// </summary>
internal static class DocsPage
{
    public static void MapDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/docs/openapi.json").ExcludeFromDescription();
        app.MapGet("/docs", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
    }

    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Glyphh runtime API</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}
        details{border:1px solid #ccc;border-radius:4px;margin:.4rem 0;padding:.4rem}
        summary{cursor:pointer}code{background:#f3f3f3;padding:0 .2rem}
        textarea,input{width:100%;font-family:monospace}pre{background:#f7f7f7;padding:.5rem;overflow:auto}
        .m{display:inline-block;width:4.5rem;font-weight:bold}
        </style></head>
        <body><h1>Glyphh runtime API</h1>
        <p>Local mode. The OpenAPI document is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</p>
        <div id="ops">Loading…</div>
        <script>
        const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        fetch('/docs/openapi.json').then(r => r.json()).then(doc => {
          const ops = document.getElementById('ops'); ops.textContent = '';
          for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
            const d = document.createElement('details');
            const body = ['post','put'].includes(method);
            d.innerHTML = `<summary><span class="m">${method.toUpperCase()}</span><code>${esc(path)}</code> ${esc(op.summary || '')}</summary>
              <label>Path <input class="p" value="${esc(path)}"></label>
              ${body ? '<label>Body <textarea class="b" rows="4">{}</textarea></label>' : ''}
              <button>Send</button><pre class="o"></pre>`;
            d.querySelector('button').onclick = async () => {
              const init = { method: method.toUpperCase(), headers: {} };
              if (body) { init.body = d.querySelector('.b').value; init.headers['Content-Type'] = 'application/json'; }
              const r = await fetch(d.querySelector('.p').value, init);
              d.querySelector('.o').textContent = r.status + ' ' + r.statusText + '\n' + await r.text();
            };
            ops.appendChild(d);
          }
        });
        </script></body></html>
        """;
}
