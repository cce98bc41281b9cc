using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Glyphh.Runtime.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests;

/// <summary>RFC 9110 behaviour through the real pipeline: HEAD, 405 with Allow, ETags and conditional requests, strict input.</summary>
public sealed class HttpSemanticsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RuntimeInstance _runtime = null!;

    private HttpClient Client => _runtime.Client;

    public static TheoryData<int> ControlCharacters() => ControlCharactersFrom(0);

    // Kestrel refuses %00 in the request line before the application runs (an empty 400; see the runtime README).
    public static TheoryData<int> PathControlCharacters() => ControlCharactersFrom(1);

    private static TheoryData<int> ControlCharactersFrom(int first)
    {
        var data = new TheoryData<int>();
        for (var c = first; c < 0x20; c++)
        {
            data.Add(c);
        }
        data.Add(0x7F);
        return data;
    }

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync(await StorageKind.SettingsAsync(false, _dir.Path));
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task ModelName_WithControlCharacter_400AndNothingCreated(int c)
    {
        var escaped = $"\\u{c:x4}";
        foreach (var name in new[] { "m3" + escaped, escaped + "m3", "m" + escaped + "3" })
        {
            var problem = await (await Client.PostJsonAsync("/models", $$"""{"name":"{{name}}"}""")).AssertProblemAsync(400, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        }
        var list = await (await Client.GetAsync("/models")).ReadJsonAsync();
        Assert.Equal(["m1"], list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Theory]
    [MemberData(nameof(PathControlCharacters))]
    public async Task GlyphIdAndModelInPath_WithControlCharacter_400Problem(int c)
    {
        var encoded = $"%{c:X2}";
        await (await Client.PutJsonAsync($"/models/m1/glyphs/g1{encoded}", """{"payload":{}}""")).AssertProblemAsync(400, "validation");
        await (await Client.GetAsync($"/models/m1/glyphs/{encoded}g1")).AssertProblemAsync(400, "validation");
        await (await Client.GetAsync($"/models/m1{encoded}")).AssertProblemAsync(400, "validation");
        var page = await (await Client.GetAsync("/models/m1/glyphs")).ReadJsonAsync();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("text/plain; x=+json")]
    [InlineData("application/jsonx")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("+json")]
    public async Task Body_WithNonJsonContentType_415(string contentType) =>
        await (await PutWithContentTypeAsync(contentType)).AssertProblemAsync(415, "unsupported-media-type");

    [Fact]
    public async Task Body_WithoutContentType_415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"m2"}"""));
        await (await Client.PostAsync("/models", content)).AssertProblemAsync(415, "unsupported-media-type");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/vnd.glyphh+json")]
    public async Task Body_WithJsonContentType_Accepted(string contentType) =>
        Assert.Equal(HttpStatusCode.Created, (await PutWithContentTypeAsync(contentType)).StatusCode);

    private Task<HttpResponseMessage> PutWithContentTypeAsync(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"payload":{}}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return Client.PutAsync("/models/m1/glyphs/g", content);
    }

    [Theory]
    [InlineData("""{"vector":[1,0,0]""")]
    [InlineData("""{"payload":""")]
    [InlineData("""{"payload":{"a":[1,2""")]
    [InlineData("""{"payload":"abc""")]
    public async Task TruncatedJson_400SaysItEndsEarly(string body)
    {
        var problem = await (await Client.PutJsonAsync("/models/m1/glyphs/g", body)).AssertProblemAsync(400, "validation");
        Assert.Contains("ends before it is complete", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"payload":}""")]
    [InlineData("""{"vector":[1,,2]}""")]
    [InlineData("""not json""")]
    [InlineData("""{"payload":{}} trailing""")]
    public async Task MalformedJson_400SaysNotValid(string body)
    {
        var problem = await (await Client.PutJsonAsync("/models/m1/glyphs/g", body)).AssertProblemAsync(400, "validation");
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/models")]
    [InlineData("/models/m1")]
    [InlineData("/models/m1/glyphs")]
    [InlineData("/namespaces/m1/quotas")]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/license")]
    public async Task Head_OnGetRoute_200HeadersWithoutBody(string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Content.Headers.ContentType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_OnGlyph_200WithETag()
    {
        var put = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"a":1}}""");
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/models/m1/glyphs/g"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(put.Headers.ETag, head.Headers.ETag);
    }

    [Theory]
    [InlineData("PATCH", "/models/m1", "DELETE, GET, HEAD")]
    [InlineData("PUT", "/models", "GET, HEAD, POST")]
    [InlineData("POST", "/models/m1/glyphs/g", "DELETE, GET, HEAD, PUT")]
    [InlineData("DELETE", "/health", "GET, HEAD")]
    [InlineData("GET", "/models/m1/search", "POST")]
    public async Task WrongMethod_405WithAllow(string method, string path, string allow)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Http.Json("{}") };
        var response = await Client.SendAsync(request);
        await response.AssertProblemAsync(405, "method-not-allowed");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Glyph_ETag_StrongAndChangesWithContent()
    {
        var first = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        Assert.NotNull(first.Headers.ETag);
        Assert.False(first.Headers.ETag!.IsWeak);
        var read = await Client.GetAsync("/models/m1/glyphs/g");
        Assert.Equal(first.Headers.ETag, read.Headers.ETag);
        var second = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":2}}""");
        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task Glyph_ETag_NamesExactlyTheBytesSent()
    {
        // A strong tag promises byte-for-byte equality (RFC 9110 8.8.1): it must hash what is sent, in every answer that carries it.
        var put = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"vector":[0.5,-1e-3],"payload":{"t":"<é>\u2028","n":[1,2.5]}}""");
        var read = await Client.GetAsync("/models/m1/glyphs/g");
        var model = await Client.GetAsync("/models/m1");
        foreach (var response in new[] { put, read, model })
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var hash = System.Security.Cryptography.SHA256.HashData(bytes);
            Assert.Equal("\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"", response.Headers.ETag!.Tag);
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        }
    }

    [Fact]
    public async Task PutGlyph_IfMatchWrong_412AndUnchanged()
    {
        var first = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/g") { Content = Http.Json("""{"payload":{"v":2}}""") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"nope\""));
        await (await Client.SendAsync(request)).AssertProblemAsync(412, "precondition-failed");
        var glyph = await (await Client.GetAsync("/models/m1/glyphs/g")).ReadJsonAsync();
        Assert.Equal(1, glyph.GetProperty("payload").GetProperty("v").GetInt32());
        Assert.NotNull(first.Headers.ETag);
    }

    [Fact]
    public async Task PutGlyph_IfMatchCurrent_200()
    {
        var first = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/g") { Content = Http.Json("""{"payload":{"v":2}}""") };
        request.Headers.IfMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task PutGlyph_IfNoneMatchStar_201WhenNewThen412()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/g") { Content = Http.Json("""{"payload":{"v":1}}""") };
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            var response = await Client.SendAsync(request);
            if (attempt == 0)
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
            else
            {
                await response.AssertProblemAsync(412, "precondition-failed");
            }
        }
    }

    [Fact]
    public async Task PutGlyph_IfMatchOnMissing_412()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/new") { Content = Http.Json("""{"payload":{}}""") };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        await (await Client.SendAsync(request)).AssertProblemAsync(412, "precondition-failed");
        await (await Client.GetAsync("/models/m1/glyphs/new")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task PutGlyph_UnreadableIfMatch_400()
    {
        await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/g") { Content = Http.Json("""{"payload":{"v":2}}""") };
        request.Headers.TryAddWithoutValidation("If-Match", "nope");
        await (await Client.SendAsync(request)).AssertProblemAsync(400, "validation");
    }

    [Fact]
    public async Task DeleteGlyph_IfMatchWrong_412ThenCurrent_204()
    {
        var put = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        using (var wrong = new HttpRequestMessage(HttpMethod.Delete, "/models/m1/glyphs/g"))
        {
            wrong.Headers.IfMatch.Add(new EntityTagHeaderValue("\"other\""));
            await (await Client.SendAsync(wrong)).AssertProblemAsync(412, "precondition-failed");
        }
        using var right = new HttpRequestMessage(HttpMethod.Delete, "/models/m1/glyphs/g");
        right.Headers.IfMatch.Add(put.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task DeleteModel_IfMatchWrong_412AndModelKept()
    {
        var model = await Client.GetAsync("/models/m1");
        Assert.NotNull(model.Headers.ETag);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/models/m1");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\""));
        await (await Client.SendAsync(request)).AssertProblemAsync(412, "precondition-failed");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/models/m1")).StatusCode);
    }

    [Fact]
    public async Task GetGlyph_IfNoneMatchCurrent_304()
    {
        var put = await Client.PutJsonAsync("/models/m1/glyphs/g", """{"payload":{"v":1}}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models/m1/glyphs/g");
        request.Headers.IfNoneMatch.Add(put.Headers.ETag!);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(put.Headers.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task NulInPath_400AndNothingStored()
    {
        // Kestrel refuses a path that decodes to NUL while parsing the request line, before any middleware runs, and
        // writes its own empty 400: the application cannot give it a problem body (documented in the runtime README).
        using var raw = _runtime.CreateUncheckedClient("Kestrel rejects a NUL in the path before the pipeline");
        var response = await raw.PutAsync("/models/m1/glyphs/a%00b", Http.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var page = await (await Client.GetAsync("/models/m1/glyphs")).ReadJsonAsync();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }
}
