using System.Net;
using System.Net.Http.Json;
using Glyphh.Runtime.Search;
using Glyphh.Runtime.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests;

/// <summary>The in-memory index gives the exact answers of the scan it replaced, and follows writes on every replica.</summary>
public sealed class SearchIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 10)]
    [InlineData(false, 50)]
    public async Task Search_SameHitsAsTheScan_AfterSetsReplacesAndRemoves(bool cosine, int k)
    {
        var random = new Random(11);
        var truth = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var index = new ModelVectors();
        for (var i = 0; i < 3000; i++)
        {
            var id = $"g{random.Next(2000):D4}";
            // Mixed dimensions, replacements that change dimension, and removals.
            if (random.Next(10) == 0)
            {
                truth.Remove(id);
                index.Apply(id, null);
                continue;
            }
            var vector = RandomVector(random, random.Next(6) == 0 ? 4 : 16);
            truth[id] = vector;
            index.Apply(id, vector);
        }
        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(random, 16);
            var expected = await VectorSearch.TopKAsync(Candidates(truth, 16), query, k, cosine, CancellationToken.None);
            var actual = index.Search(query, k, cosine);
            Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-5));
        }
    }

    [Fact]
    public void Search_LargeTable_PartitionedScanSameAsOnePass()
    {
        var random = new Random(5);
        using var index = new ModelVectors();
        var rows = new List<(string, float[])>();
        for (var i = 0; i < 70_000; i++)
        {
            var vector = RandomVector(random, 8);
            rows.Add(($"r{i}", vector));
            index.Apply($"r{i}", vector);
        }
        var query = RandomVector(random, 8);
        var best = new TopK(5);
        foreach (var (id, vector) in rows)
        {
            best.Offer(id, System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(query, vector));
        }
        Assert.Equal(best.ToList().Select(h => h.Id), index.Search(query, 5, cosine: true).Select(h => h.Id));
    }

    [Fact]
    public async Task TwoReplicas_WritesOnOne_SearchOnTheOtherSeesThem()
    {
        var settings = await StorageKind.SettingsAsync(true, _dir.Path, "cloud");
        settings["JWT_SECRET_KEY"] = Jwt.Secret;
        await using var first = await RuntimeInstance.StartAsync(settings);
        await using var second = await RuntimeInstance.StartAsync(settings);
        using var a = first.CreateClient(Jwt.Admin());
        using var b = second.CreateClient(Jwt.Admin());
        Assert.Equal(HttpStatusCode.Created, (await a.PostJsonAsync("/models", """{"name":"shared"}""")).StatusCode);
        await a.PutJsonAsync("/models/shared/glyphs/x", """{"vector":[1,0]}""");
        Assert.Equal(["x"], await SearchAsync(b, [1, 0]));

        // Loaded on both; now each write on one is replayed by the other.
        await a.PutJsonAsync("/models/shared/glyphs/y", """{"vector":[0,1]}""");
        Assert.Equal(["y", "x"], await SearchAsync(b, [0, 1]));
        await a.PutJsonAsync("/models/shared/glyphs/x", """{"vector":[-1,0]}""");
        Assert.Equal(["y", "x"], await SearchAsync(b, [0.1f, 1]));
        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteAsync("/models/shared/glyphs/y")).StatusCode);
        Assert.Equal(["x"], await SearchAsync(a, [0, 1]));
        await b.PutJsonAsync("/models/shared/glyphs/z", """{"payload":{"no":"vector"}}""");
        await a.PutJsonAsync("/models/shared/glyphs/x", """{"payload":{"vector":"dropped"}}""");
        Assert.Empty(await SearchAsync(b, [0, 1]));

        // A deleted and recreated model starts empty on both.
        await a.PutJsonAsync("/models/shared/glyphs/w", """{"vector":[1,1]}""");
        Assert.Equal(["w"], await SearchAsync(b, [1, 1]));
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync("/models/shared")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await b.PostJsonAsync("/models", """{"name":"shared"}""")).StatusCode);
        Assert.Empty(await SearchAsync(a, [1, 1]));
        Assert.Empty(await SearchAsync(b, [1, 1]));
    }

    [Fact]
    public async Task Restart_IndexLoadsWhatIsStored()
    {
        var settings = await StorageKind.SettingsAsync(false, _dir.Path);
        await using (var runtime = await RuntimeInstance.StartAsync(settings))
        {
            await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
            await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,0,0]}""");
            await runtime.Client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[0,1,0]}""");
            Assert.Equal(["a", "b"], await SearchAsync(runtime.Client, [1, 0.5f, 0], "m1"));
            await runtime.Client.DeleteAsync("/models/m1/glyphs/a");
        }
        await using var restarted = await RuntimeInstance.StartAsync(settings);
        Assert.Equal(["b"], await SearchAsync(restarted.Client, [1, 0.5f, 0], "m1"));
    }

    private static async Task<string[]> SearchAsync(HttpClient client, float[] query, string model = "shared")
    {
        var response = await client.PostAsJsonAsync($"/models/{model}/search", new { vector = query, k = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetString()!)];
    }

    private static float[] RandomVector(Random random, int dimensions) =>
        [.. Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))];

#pragma warning disable CS1998 // A synchronous source for the scan's async signature.
    private static async IAsyncEnumerable<(string Id, float[] Vector)> Candidates(Dictionary<string, float[]> vectors, int dimensions)
#pragma warning restore CS1998
    {
        foreach (var (id, vector) in vectors)
        {
            if (vector.Length == dimensions)
            {
                yield return (id, vector);
            }
        }
    }
}
