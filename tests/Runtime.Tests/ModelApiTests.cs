using Glyphh.TestSupport;
using System.Net;
using System.Net.Http.Json;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

/// <summary>The model and glyph API end to end, in local mode, on each storage.</summary>
public abstract partial class ModelApiTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RuntimeInstance _runtime = null!;

    protected abstract bool Postgres { get; }

    private HttpClient Client => _runtime.Client;

    public async Task InitializeAsync() =>
        _runtime = await RuntimeInstance.StartAsync(await StorageKind.SettingsAsync(Postgres, _dir.Path));

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task CreateModel_NewName_201WithLocationAndListed()
    {
        var response = await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/models/m1", response.Headers.Location?.OriginalString);
        var model = await response.ReadJsonAsync();
        Assert.Equal("m1", model.GetProperty("name").GetString());
        Assert.Equal(0, model.GetProperty("glyphs").GetInt64());

        var list = await (await Client.GetAsync("/models")).ReadJsonAsync();
        Assert.Equal(["m1"], list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/models/m1")).StatusCode);
    }

    [Fact]
    public async Task CreateModel_Twice_409Conflict()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await (await Client.PostJsonAsync("/models", """{"name":"m1"}""")).AssertProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task PutGlyph_NewThenReplace_201Then200AndReadBack()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        var created = await Client.PutJsonAsync("/models/m1/glyphs/g-1", """{"vector":[0.5,-1.25,3],"payload":{"title":"first","tags":["a","b"]}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/models/m1/glyphs/g-1", created.Headers.Location?.OriginalString);

        var replaced = await Client.PutJsonAsync("/models/m1/glyphs/g-1", """{"payload":{"title":"second"}}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);

        var glyph = await (await Client.GetAsync("/models/m1/glyphs/g-1")).ReadJsonAsync();
        Assert.Equal("g-1", glyph.GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, glyph.GetProperty("vector").ValueKind);
        Assert.Equal("second", glyph.GetProperty("payload").GetProperty("title").GetString());

        var model = await (await Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(1, model.GetProperty("glyphs").GetInt64());
        Assert.Equal(0, model.GetProperty("memory_bytes").GetInt64());
    }

    [Fact]
    public async Task PutGlyph_VectorAndPayload_RoundTripExactly()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        float[] vector = [0.1f, -2.5f, 1e-7f, 3.4028235e38f];
        await Client.PutGlyphAsync("m1", "v", new { vector, payload = new { n = 42, s = "é✓", nested = new { deep = true } } });
        var glyph = await (await Client.GetAsync("/models/m1/glyphs/v")).ReadJsonAsync();
        Assert.Equal(vector, glyph.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal("é✓", glyph.GetProperty("payload").GetProperty("s").GetString());
        Assert.True(glyph.GetProperty("payload").GetProperty("nested").GetProperty("deep").GetBoolean());
        var model = await (await Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(16, model.GetProperty("memory_bytes").GetInt64());
    }

    [Fact]
    public async Task PutGlyph_UnknownModel_404NotFound()
    {
        var response = await Client.PutJsonAsync("/models/nope/glyphs/a", """{"payload":{}}""");
        var problem = await response.AssertProblemAsync(404, "not-found");
        Assert.Contains("nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAndDeleteGlyph_Missing_404()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await (await Client.GetAsync("/models/m1/glyphs/none")).AssertProblemAsync(404, "not-found");
        await (await Client.DeleteAsync("/models/m1/glyphs/none")).AssertProblemAsync(404, "not-found");
        await (await Client.GetAsync("/models/m2/glyphs/none")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task DeleteGlyph_Existing_204AndGone()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2]}""");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync("/models/m1/glyphs/a")).StatusCode);
        await (await Client.GetAsync("/models/m1/glyphs/a")).AssertProblemAsync(404, "not-found");
        var model = await (await Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(0, model.GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task DeleteModel_WithGlyphs_RemovesModelAndGlyphs()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2]}""");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync("/models/m1")).StatusCode);
        await (await Client.GetAsync("/models/m1")).AssertProblemAsync(404, "not-found");
        await (await Client.DeleteAsync("/models/m1")).AssertProblemAsync(404, "not-found");

        // A model of the same name starts empty.
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
        await (await Client.GetAsync("/models/m1/glyphs/a")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task ListGlyphs_Pages_VisitEveryGlyphOnceInIdOrder()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        var ids = Enumerable.Range(0, 23).Select(i => $"g{i:D3}").ToList();
        foreach (var id in ids.AsEnumerable().Reverse())
        {
            await Client.PutGlyphAsync("m1", id, new { payload = new { id } });
        }
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/models/m1/glyphs?limit=5" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await Client.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(g => g.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
            // A glyph written mid-way sorts after the cursor and shows up; one before it does not repeat.
            if (pages == 2)
            {
                await Client.PutGlyphAsync("m1", "g000", new { payload = new { changed = true } });
            }
        }
        while (cursor is not null);
        Assert.Equal(ids, seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public async Task ListGlyphs_LastPageExactlyFull_NextCursorNull()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Client.PutGlyphAsync("m1", "a", new { payload = 1 });
        await Client.PutGlyphAsync("m1", "b", new { payload = 2 });
        var page = await (await Client.GetAsync("/models/m1/glyphs?limit=2")).ReadJsonAsync();
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Search_Cosine_ReturnsNearestInOrder()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Client.PutGlyphAsync("m1", "east", new { vector = new[] { 1f, 0f } });
        await Client.PutGlyphAsync("m1", "north", new { vector = new[] { 0f, 1f } });
        await Client.PutGlyphAsync("m1", "northeast", new { vector = new[] { 2f, 2f } });
        await Client.PutGlyphAsync("m1", "west", new { vector = new[] { -1f, 0f } });
        await Client.PutGlyphAsync("m1", "other-dims", new { vector = new[] { 1f, 0f, 0f } });
        await Client.PutGlyphAsync("m1", "no-vector", new { payload = new { } });

        var result = await (await Client.PostJsonAsync("/models/m1/search", """{"vector":[1,0.1],"k":3}""")).ReadJsonAsync();
        var hits = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["east", "northeast", "north"], hits.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(1 / Math.Sqrt(1.01), hits[0].GetProperty("score").GetDouble(), 5);
        Assert.Equal(1.1 / Math.Sqrt(1.01) / Math.Sqrt(2), hits[1].GetProperty("score").GetDouble(), 5);
    }

    [Fact]
    public async Task Search_Dot_RanksByDotProduct()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Client.PutGlyphAsync("m1", "small", new { vector = new[] { 1f, 0f } });
        await Client.PutGlyphAsync("m1", "large", new { vector = new[] { 5f, 5f } });
        var result = await (await Client.PostJsonAsync("/models/m1/search", """{"vector":[1,0],"k":10,"metric":"dot"}""")).ReadJsonAsync();
        var hits = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["large", "small"], hits.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(5.0, hits[0].GetProperty("score").GetDouble(), 6);
    }

    [Fact]
    public async Task Search_MatchesBruteForce_OnRandomVectors()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 60).ToDictionary(i => $"r{i:D2}", _ => Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
        foreach (var (id, v) in vectors)
        {
            await Client.PutGlyphAsync("m1", id, new { vector = v });
        }
        var query = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        static double Cos(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x)) / Math.Sqrt(b.Sum(x => (double)x * x));
        var expected = vectors.OrderByDescending(kv => Cos(query, kv.Value)).Take(7).Select(kv => kv.Key);
        var result = await (await Client.PostAsJsonAsync("/models/m1/search", new { vector = query, k = 7 })).ReadJsonAsync();
        Assert.Equal(expected, result.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Search_UnknownModel_404()
    {
        await (await Client.PostJsonAsync("/models/none/search", """{"vector":[1]}""")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task UnknownRoute_404ProblemJson()
    {
        await (await Client.GetAsync("/no/such/route")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task ConcurrentWrites_AllLandAndCountsAgree()
    {
        await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Client.PutGlyphAsync("m1", $"c{i % 20}", new { vector = new[] { (float)i, 1f } })));
        var model = await (await Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(20, model.GetProperty("glyphs").GetInt64());
        Assert.Equal(20 * 8, model.GetProperty("memory_bytes").GetInt64());
    }
}

/// <summary>On the embedded SQLite default.</summary>
public sealed class ModelApiSqliteTests : ModelApiTests
{
    protected override bool Postgres => false;
}

/// <summary>On the real PostgreSQL.</summary>
public sealed class ModelApiPostgresTests : ModelApiTests
{
    protected override bool Postgres => true;
}
