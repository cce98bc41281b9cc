using System.Net;
using System.Text;
using System.Text.Json;
using Glyphh.Fuzz.Tests.Support;

namespace Glyphh.Fuzz.Tests.Runtime;

/// <summary>
/// Glyph bodies, model names, glyph ids and quota PUT bodies through the sample runtime's real pipeline (local mode,
/// embedded SQLite): every answer a success or a typed problem, never a 5xx, and usage still equals the stored glyphs.
/// </summary>
public sealed class RuntimeInputFuzzTests : IAsyncLifetime
{
    private const string GlyphBody = """{"vector":[0.5,-1.25,3],"payload":{"title":"first","tags":["a","b"],"n":1.5e3}}""";
    private const string QuotaBody = """{"glyphs":100000,"storage_bytes":null,"memory_bytes":1048576}""";
    private readonly RuntimeFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        var created = await _client.PostAsync("/models", Json("""{"name":"m1"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PutGlyph_MutatedAndHostileBodies_TypedAnswersAndUsageMatchesData()
    {
        var mutator = new Mutator(9401);
        var accepted = 0;
        for (var i = 0; i < 1200; i++)
        {
            var body = mutator.Mutate(GlyphBody);
            var status = await Problems.AssertTypedAsync(await _client.PutAsync($"/models/m1/glyphs/g{i % 40}", Json(body)), $"seed {mutator.Seed} #{i} body {body}");
            accepted += status < 300 ? 1 : 0;
        }
        string[] hostile =
        [
            "", "null", "[]", "\"x\"", "{", "{\"vector\":\"abc\"}", "{\"vector\":[1e39]}", "{\"vector\":[-1e39]}", "{\"vector\":[null]}",
            "{\"vector\":[[1]]}", "{\"vector\":{}}", "{\"vector\":[" + string.Join(',', Enumerable.Repeat("1", 5000)) + "]}",
            "{\"payload\":" + new string('[', 200) + new string(']', 200) + "}", "{\"payload\":\"" + new string('x', 900_000) + "\"}",
            "{\"vector\":[1],\"vector\":[2]}", "{\"other\":1}", "{\"payload\":{\"a\":\"\\ud800\"}}", "{\"vector\":[1,2,3],}", "\uFEFF{}",
            "{\"vector\":[0.1]} trailing", "{\"vector\":[12345678901234567890123456789012345678901234567890]}",
        ];
        foreach (var (body, index) in hostile.Select((b, i) => (b, i)))
        {
            await Problems.AssertTypedAsync(await _client.PutAsync("/models/m1/glyphs/h1", Json(body)), $"hostile #{index}");
        }
        await Problems.AssertTypedAsync(await _client.PutAsync("/models/m1/glyphs/h2", new StringContent(GlyphBody, Encoding.UTF8, "text/plain")), "text/plain body");
        await Problems.AssertTypedAsync(await _client.PutAsync("/models/m1/glyphs/h3", new ByteArrayContent([0xFF, 0xFE, 0x00, 0x7B]) { Headers = { { "Content-Type", "application/json" } } }), "invalid UTF-8");
        Assert.True(accepted > 0, "no mutated body was accepted: the suite never reached the store");
        await AssertUsageMatchesDataAsync();
    }

    [Fact]
    public async Task ModelNamesAndGlyphIds_RandomText_TypedAnswers()
    {
        var mutator = new Mutator(9402);
        for (var i = 0; i < 500; i++)
        {
            // NUL never reaches a handler over HTTP (the server refuses the request line), and TestServer throws on it.
            var name = (i % 2 == 0 ? mutator.Mutate("m1") : mutator.RandomText(80)).Replace("\0", "", StringComparison.Ordinal);
            var id = (i % 3 == 0 ? mutator.Mutate("g-1.a:b_c") : mutator.RandomText(140)).Replace("\0", "", StringComparison.Ordinal);
            var where = $"seed {mutator.Seed} #{i} name '{name}' id '{id}'";
            await Problems.AssertTypedAsync(await _client.PostAsync("/models", Json(JsonSerializer.Serialize(new { name }))), where);
            var model = Uri.EscapeDataString(name);
            await Problems.AssertTypedAsync(await _client.GetAsync($"/models/{model}"), where);
            await Problems.AssertTypedAsync(await _client.PutAsync($"/models/{model}/glyphs/{Uri.EscapeDataString(id)}", Json(GlyphBody)), where);
            await Problems.AssertTypedAsync(await _client.GetAsync($"/models/m1/glyphs/{Uri.EscapeDataString(id)}"), where);
            await Problems.AssertTypedAsync(await _client.GetAsync($"/models/m1/glyphs?limit={Uri.EscapeDataString(name)}&cursor={Uri.EscapeDataString(id)}"), where);
        }
        await AssertUsageMatchesDataAsync();
    }

    [Fact]
    public async Task PutQuotas_MutatedBodies_TypedAnswersAndLimitsStayWellFormed()
    {
        var mutator = new Mutator(9403);
        var accepted = 0;
        for (var i = 0; i < 1200; i++)
        {
            var body = i % 5 == 0 ? mutator.RandomText(60) : mutator.Mutate(QuotaBody);
            var ns = i % 7 == 0 ? Uri.EscapeDataString(mutator.Mutate("m1").Replace("\0", "", StringComparison.Ordinal)) : "m1";
            var response = await _client.PutAsync($"/namespaces/{ns}/quotas", Json(body));
            var status = await Problems.AssertTypedAsync(response, $"seed {mutator.Seed} #{i} ns {ns} body {body}");
            if (status < 300)
            {
                accepted++;
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                foreach (var limit in doc.RootElement.GetProperty("limits").EnumerateObject())
                {
                    var wellFormed = limit.Value.ValueKind == JsonValueKind.String
                        ? limit.Value.GetString() == "unlimited"
                        : limit.Value.TryGetInt64(out var n) && n >= 0;
                    Assert.True(wellFormed, $"seed {mutator.Seed} #{i}: limit {limit.Name} = {limit.Value}");
                }
            }
        }
        Assert.True(accepted > 0, "no mutated quota body was accepted");
        await Problems.AssertTypedAsync(await _client.PutAsync("/namespaces/m1/quotas", Json("{\"glyphs\":-1}")), "negative limit");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsync("/namespaces/m1/quotas", Json("{\"glyphs\":-1}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsync("/namespaces/m1/quotas", Json("{\"glyphs\":1e300}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/namespaces/m1/quotas")).StatusCode);
    }

    private async Task AssertUsageMatchesDataAsync()
    {
        var stored = 0;
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await _client.GetStringAsync("/models/m1/glyphs?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).RootElement;
            stored += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.String ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        var quotas = JsonDocument.Parse(await _client.GetStringAsync("/namespaces/m1/quotas")).RootElement;
        Assert.Equal(stored, quotas.GetProperty("usage").GetProperty("glyphs").GetInt64());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
