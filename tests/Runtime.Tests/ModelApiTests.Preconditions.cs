using System.Net;
using System.Net.Http.Headers;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

// If-Match / If-None-Match are checked inside the write's transaction: of many concurrent conditional writes naming
// the same version exactly one wins, on each storage.
public abstract partial class ModelApiTests
{
    private const int Writers = 12;

    private const int AdminWriters = 6;

    [Fact]
    public async Task ConcurrentPuts_SameIfMatch_ExactlyOneWins()
    {
        var client = Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
        var first = await client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"writer":-1}}""");
        var etag = first.Headers.ETag!;

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            SendAsync(client, HttpMethod.Put, "/models/m1/glyphs/g", "{\"payload\":{\"writer\":" + i + "}}", r => r.Headers.IfMatch.Add(etag))));

        var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await loser.AssertProblemAsync(412, "precondition-failed");
        }
        // The stored glyph is the winner's write, and its ETag is the one the winner was given.
        var stored = await client.GetAsync("/models/m1/glyphs/g");
        Assert.Equal(winners[0].Headers.ETag, stored.Headers.ETag);
        Assert.Equal(
            (await winners[0].ReadJsonAsync()).GetProperty("payload").GetProperty("writer").GetInt32(),
            (await stored.ReadJsonAsync()).GetProperty("payload").GetProperty("writer").GetInt32());
    }

    [Fact]
    public async Task ConcurrentCreates_IfNoneMatchStar_ExactlyOneCreates()
    {
        var client = Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            SendAsync(client, HttpMethod.Put, "/models/m1/glyphs/new", "{\"payload\":{\"writer\":" + i + "}}", r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(Writers - 1, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        var model = await (await client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(1, model.GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task ConcurrentDeletes_SameIfMatch_OneDeletesTheRest412()
    {
        var client = Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
        var glyph = await client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{}}""");
        var model = await client.GetAsync("/models/m1");

        var glyphDeletes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
            SendAsync(client, HttpMethod.Delete, "/models/m1/glyphs/g", null, r => r.Headers.IfMatch.Add(glyph.Headers.ETag!))));
        Assert.Single(glyphDeletes, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(Writers - 1, glyphDeletes.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));

        // The model's ETag covers its usage: the glyph delete changed it, so the tag read before is stale now.
        var stale = await SendAsync(client, HttpMethod.Delete, "/models/m1", null, r => r.Headers.IfMatch.Add(model.Headers.ETag!));
        await stale.AssertProblemAsync(412, "precondition-failed");
        var current = (await client.GetAsync("/models/m1")).Headers.ETag!;
        // Fewer here: admin routes allow 10 requests a minute by default.
        var modelDeletes = await Task.WhenAll(Enumerable.Range(0, AdminWriters).Select(_ =>
            SendAsync(client, HttpMethod.Delete, "/models/m1", null, r => r.Headers.IfMatch.Add(current))));
        Assert.Single(modelDeletes, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(AdminWriters - 1, modelDeletes.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Http.Json(json) };
        configure(request);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}

