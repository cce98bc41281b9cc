using Glyphh.TestSupport;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using Glyphh.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Glyphh.Runtime.Tests;

/// <summary>
/// The runtime with the reflection-based JSON resolver taken out, as in a Native AOT build: every body the API
/// writes must come from source-generated metadata, or this answers 500 where the AOT binary would.
/// </summary>
public sealed class JsonMetadataTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RuntimeInstance _runtime = null!;

    public async Task InitializeAsync()
    {
        var settings = await StorageKind.SettingsAsync(false, _dir.Path);
        _runtime = await RuntimeInstance.StartAsync(settings, builder =>
            builder.Services.PostConfigure<HttpJsonOptions>(o =>
            {
                var chain = o.SerializerOptions.TypeInfoResolverChain;
                for (var i = chain.Count - 1; i >= 0; i--)
                {
                    if (chain[i] is DefaultJsonTypeInfoResolver)
                    {
                        chain.RemoveAt(i);
                    }
                }
            }));
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void ResolverChain_HasNoReflectionResolver()
    {
        var options = _runtime.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        Assert.DoesNotContain(options.TypeInfoResolverChain, r => r is DefaultJsonTypeInfoResolver);
        Assert.NotEmpty(options.TypeInfoResolverChain);
    }

    [Fact]
    public async Task EveryEndpoint_WritesItsBodyWithoutReflection()
    {
        var client = _runtime.Client;
        var created = await client.PostJsonAsync("/models", """{"name":"m1"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("m1", (await created.ReadJsonAsync()).GetProperty("name").GetString());

        var put = await client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,0],"payload":{"k":[1,"two",null]}}""");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("two", (await put.ReadJsonAsync()).GetProperty("payload").GetProperty("k")[1].GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,0.5]}""")).StatusCode);
        await client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[0,1]}""");

        var glyph = await (await client.GetAsync("/models/m1/glyphs/a")).ReadJsonAsync();
        Assert.Equal(0.5, glyph.GetProperty("vector")[1].GetDouble());
        Assert.True(glyph.TryGetProperty("updated_at", out _));

        var page = await (await client.GetAsync("/models/m1/glyphs?limit=1")).ReadJsonAsync();
        Assert.Equal("a", page.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("next_cursor").GetString()));

        var hits = await (await client.PostJsonAsync("/models/m1/search", """{"vector":[0,1],"k":1}""")).ReadJsonAsync();
        Assert.Equal("b", hits.GetProperty("items")[0].GetProperty("id").GetString());

        Assert.Equal("m1", (await (await client.GetAsync("/models")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(2, (await (await client.GetAsync("/models/m1")).ReadJsonAsync()).GetProperty("glyphs").GetInt64());
        Assert.Equal("local", (await (await client.GetAsync("/license")).ReadJsonAsync()).GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":5}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/openapi.json")).StatusCode);

        // Problem answers, with their extension members.
        await (await client.PostJsonAsync("/models", """{"name":"m2"}""")).AssertProblemAsync(403, "quota-exceeded");
        await (await client.PutJsonAsync("/models/m1/glyphs/c", """{"vector":"x"}""")).AssertProblemAsync(400, "validation");
        await (await client.GetAsync("/models/none")).AssertProblemAsync(404, "not-found");
        await (await client.PostJsonAsync("/models", """{"name":"m1"}""")).AssertProblemAsync(409, "conflict");
    }
}
