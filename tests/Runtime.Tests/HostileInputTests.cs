using Glyphh.TestSupport;
using System.Text;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

/// <summary>Oversized, malformed and hostile requests get 400/413 problem+json and change nothing.</summary>
/// <remarks>One runtime serves the whole class: no test here may store anything.</remarks>
public sealed class HostileInputTests(HostileInputTests.Fixture fixture) : IClassFixture<HostileInputTests.Fixture>
{
    private HttpClient Client => fixture.Runtime.Client;

    /// <summary>A local-mode runtime with small limits and one empty model.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();
        private RuntimeInstance _runtime = null!;

        internal RuntimeInstance Runtime => _runtime;

        private HttpClient Client => _runtime.Client;

        public async Task InitializeAsync()
        {
            var settings = await StorageKind.SettingsAsync(false, _dir.Path);
            settings["Glyphh:Runtime:MaxRequestBodyBytes"] = "65536";
            settings["Glyphh:Runtime:MaxVectorDimensions"] = "128";
            _runtime = await RuntimeInstance.StartAsync(settings);
            await Client.PostJsonAsync("/models", """{"name":"m1"}""");
        }

        public async Task DisposeAsync()
        {
            await _runtime.DisposeAsync();
            _dir.Dispose();
        }
    }

    [Fact]
    public async Task OversizedBody_WithContentLength_413()
    {
        var payload = new string('x', 70_000);
        var problem = await (await Client.PutJsonAsync("/models/m1/glyphs/big", "{\"payload\":{\"s\":\"" + payload + "\"}}")).AssertProblemAsync(413, "payload-too-large");
        Assert.Equal(65536, problem.GetProperty("limit_bytes").GetInt64());
        await AssertNoGlyphsAsync();
    }

    [Fact]
    public async Task OversizedBody_Chunked_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"payload\":{\"s\":\"" + new string('y', 200_000) + "\"}}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/models/m1/glyphs/big") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await (await Client.SendAsync(request)).AssertProblemAsync(413, "payload-too-large");
        await AssertNoGlyphsAsync();
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("has_underscore")]
    [InlineData("has.dot")]
    [InlineData("x234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("")]
    public async Task CreateModel_BadName_400ValidationNamingTheField(string name)
    {
        var problem = await (await Client.PostJsonAsync("/models", $$"""{"name":"{{name}}"}""")).AssertProblemAsync(400, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("/models/Bad/glyphs/a")]
    [InlineData("/models/m1/glyphs/has%20space")]
    [InlineData("/models/m1/glyphs/a%2Fb")]
    [InlineData("/models/m1/glyphs/%C3%A9")]
    public async Task BadRouteValues_400Validation(string path)
    {
        await (await Client.PutJsonAsync(path, """{"payload":{}}""")).AssertProblemAsync(400, "validation");
    }

    [Fact]
    public async Task GlyphId_TooLong_400()
    {
        await (await Client.PutJsonAsync("/models/m1/glyphs/" + new string('a', 129), """{"payload":{}}""")).AssertProblemAsync(400, "validation");
    }

    [Fact]
    public async Task HugeVector_400NamingTheLimit()
    {
        var vector = string.Join(",", Enumerable.Repeat("0.5", 129));
        var problem = await (await Client.PutJsonAsync("/models/m1/glyphs/v", $$"""{"vector":[{{vector}}]}""")).AssertProblemAsync(400, "validation");
        Assert.Contains("128", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Client.PostJsonAsync("/models/m1/search", $$"""{"vector":[{{vector}}]}""")).AssertProblemAsync(400, "validation");
        await AssertNoGlyphsAsync();
    }

    [Theory]
    [InlineData("""{"vector":[1,"two"]}""")]
    [InlineData("""{"vector":[1e39]}""")]
    [InlineData("""{"vector":[]}""")]
    [InlineData("""{"vector":"1,2"}""")]
    [InlineData("""{"vector":[[1]]}""")]
    [InlineData("""{"unknown":1}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"payload":""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task PutGlyph_MalformedBody_400AndNothingStored(string body)
    {
        await (await Client.PutJsonAsync("/models/m1/glyphs/g", body)).AssertProblemAsync(400, "validation");
        await AssertNoGlyphsAsync();
    }

    [Theory]
    [InlineData("/models/m1/search", """{"vector":[1],"extra":true}""", "extra", "Unknown field 'extra'")]
    [InlineData("/models/m1/search", """{"Vector":[1]}""", "Vector", "Unknown field 'Vector'")]
    [InlineData("/models/m1/search", """{"vector":[1,"two"]}""", "vector[1]", "'vector[1]' must be a finite 32-bit number")]
    [InlineData("/models/m1/search", """{"vector":"1,2"}""", "vector", "'vector' must be an array of numbers")]
    [InlineData("/models/m1/search", """{"vector":[1],"k":"5"}""", "k", "'k' must be a whole number")]
    [InlineData("/models/m1/search", """{"vector":[1],"k":1.5}""", "k", "'k' must be a whole number")]
    [InlineData("/models/m1/search", """{"vector":[1],"metric":3}""", "metric", "'metric' must be a string")]
    [InlineData("/models/m1/search", """[1,2]""", "body", "must be a JSON object")]
    [InlineData("/models", """{"name":5}""", "name", "'name' must be a string")]
    [InlineData("/models", """{"name":"m9","owner":"x"}""", "owner", "Unknown field 'owner'")]
    public async Task TypedBody_WrongMember_400NamingIt(string path, string body, string field, string detail)
    {
        var problem = await (await Client.PostJsonAsync(path, body)).AssertProblemAsync(400, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeepJson_400()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var problem = await (await Client.PutJsonAsync("/models/m1/glyphs/d", $$"""{"payload":{{deep}}}""")).AssertProblemAsync(400, "validation");
        Assert.Contains("deeper", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoGlyphsAsync();
    }

    [Fact]
    public async Task WrongContentType_415()
    {
        var response = await Client.PutAsync("/models/m1/glyphs/g", new StringContent("{}", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(415, "unsupported-media-type");
    }

    [Theory]
    [InlineData("""{"vector":[0,0]}""")]
    [InlineData("""{"vector":[1],"k":0}""")]
    [InlineData("""{"vector":[1],"k":100000}""")]
    [InlineData("""{"vector":[1],"metric":"euclid"}""")]
    [InlineData("""{"k":3}""")]
    public async Task Search_BadRequest_400(string body)
    {
        await (await Client.PostJsonAsync("/models/m1/search", body)).AssertProblemAsync(400, "validation");
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=100000")]
    [InlineData("?cursor=%%%")]
    [InlineData("?cursor=bm90IGFuIGlk4oCm")]
    public async Task ListGlyphs_BadQuery_400(string query)
    {
        await (await Client.GetAsync("/models/m1/glyphs" + query)).AssertProblemAsync(400, "validation");
    }

    [Fact]
    public async Task WrongMethod_405Problem()
    {
        await (await Client.PatchAsync("/models/m1", Http.Json("{}"))).AssertProblemAsync(405, "method-not-allowed");
    }

    private async Task AssertNoGlyphsAsync()
    {
        var model = await (await Client.GetAsync("/models/m1")).ReadJsonAsync();
        Assert.Equal(0, model.GetProperty("glyphs").GetInt64());
        var status = await (await Client.GetAsync("/namespaces/m1/quotas")).ReadJsonAsync();
        Assert.Equal(0, status.GetProperty("usage").GetProperty("storage_bytes").GetInt64());
    }
}
