using Glyphh.TestSupport;
using System.Net;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

/// <summary>Cloud mode: JWT required, each model route needs its permission, quota admin needs a platform admin.</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RuntimeInstance _runtime = null!;

    public async Task InitializeAsync()
    {
        var settings = await StorageKind.SettingsAsync(false, _dir.Path, "cloud");
        settings["JWT_SECRET_KEY"] = Jwt.Secret;
        _runtime = await RuntimeInstance.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task NoToken_401WithBearerChallenge()
    {
        var response = await _runtime.Client.GetAsync("/models");
        await response.AssertProblemAsync(401, "unauthenticated");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await (await _runtime.Client.GetAsync("/models/a/glyphs/x")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task ExpiredOrForeignToken_401()
    {
        using var expired = _runtime.CreateClient(Jwt.Mint("u", new() { ["a"] = ["read"] }, TimeSpan.FromMinutes(-10)));
        await (await expired.GetAsync("/models")).AssertProblemAsync(401, "unauthenticated");
        using var foreign = _runtime.CreateClient(Jwt.Mint("u", new() { ["*"] = ["admin"] }, secret: "another-secret-0123456789-abcdefghijklmnopqrstuv"));
        await (await foreign.GetAsync("/models")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task TokenForModelA_CannotTouchModelB()
    {
        using var admin = _runtime.CreateClient(Jwt.Admin());
        using var userA = _runtime.CreateClient(Jwt.Mint("user-a", new() { ["a"] = ["read", "write"] }));
        Assert.Equal(HttpStatusCode.Created, (await userA.PostJsonAsync("/models", """{"name":"a"}""")).StatusCode);
        var denied = await (await userA.PostJsonAsync("/models", """{"name":"b"}""")).AssertProblemAsync(403, "forbidden");
        Assert.Equal("b", denied.GetProperty("namespace").GetString());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"b"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/models/b/glyphs/secret", """{"vector":[1,0],"payload":{"s":1}}""")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await userA.PutJsonAsync("/models/a/glyphs/g", """{"vector":[1,0]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await userA.GetAsync("/models/a/glyphs/g")).StatusCode);

        var forbidden = await (await userA.GetAsync("/models/b/glyphs/secret")).AssertProblemAsync(403, "forbidden");
        Assert.Equal("b", forbidden.GetProperty("namespace").GetString());
        Assert.Equal("read", forbidden.GetProperty("permission").GetString());
        await (await userA.GetAsync("/models/b")).AssertProblemAsync(403, "forbidden");
        await (await userA.GetAsync("/models/b/glyphs")).AssertProblemAsync(403, "forbidden");
        await (await userA.PostJsonAsync("/models/b/search", """{"vector":[1,0]}""")).AssertProblemAsync(403, "forbidden");
        await (await userA.PutJsonAsync("/models/b/glyphs/x", """{"vector":[1,0]}""")).AssertProblemAsync(403, "forbidden");
        await (await userA.DeleteAsync("/models/b/glyphs/secret")).AssertProblemAsync(403, "forbidden");
        await (await userA.DeleteAsync("/models/b")).AssertProblemAsync(403, "forbidden");
        // Deleting a model needs admin on it, even for its writer.
        await (await userA.DeleteAsync("/models/a")).AssertProblemAsync(403, "forbidden");

        var list = await (await userA.GetAsync("/models")).ReadJsonAsync();
        Assert.Equal(["a"], list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var all = await (await admin.GetAsync("/models")).ReadJsonAsync();
        Assert.Equal(["a", "b"], all.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/models/b/glyphs/secret")).StatusCode);
    }

    [Fact]
    public async Task ReadOnlyToken_CannotWrite()
    {
        using var admin = _runtime.CreateClient(Jwt.Admin());
        await admin.PostJsonAsync("/models", """{"name":"a"}""");
        using var reader = _runtime.CreateClient(Jwt.Mint("reader", new() { ["a"] = ["read"] }));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/models/a")).StatusCode);
        var problem = await (await reader.PutJsonAsync("/models/a/glyphs/g", """{"vector":[1]}""")).AssertProblemAsync(403, "forbidden");
        Assert.Equal("write", problem.GetProperty("permission").GetString());
    }

    [Fact]
    public async Task QuotaEndpoints_ReadNeedsReadOnNamespace_PutNeedsPlatformAdmin()
    {
        using var admin = _runtime.CreateClient(Jwt.Admin());
        using var modelAdmin = _runtime.CreateClient(Jwt.Mint("owner", new() { ["a"] = ["admin"] }));
        await admin.PostJsonAsync("/models", """{"name":"a"}""");
        Assert.Equal(HttpStatusCode.OK, (await modelAdmin.GetAsync("/namespaces/a/quotas")).StatusCode);
        await (await modelAdmin.GetAsync("/namespaces/b/quotas")).AssertProblemAsync(403, "forbidden");
        await (await modelAdmin.PutJsonAsync("/namespaces/a/quotas", """{"glyphs":5}""")).AssertProblemAsync(403, "forbidden");
        await (await _runtime.Client.GetAsync("/namespaces/a/quotas")).AssertProblemAsync(401, "unauthenticated");

        var set = await admin.PutJsonAsync("/namespaces/a/quotas", """{"glyphs":2}""");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var status = await (await modelAdmin.GetAsync("/namespaces/a/quotas")).ReadJsonAsync();
        Assert.Equal(2, status.GetProperty("limits").GetProperty("glyphs").GetInt64());

        // Cloud mode has no tier cap: the override is what applies.
        await modelAdmin.PostJsonAsync("/models", """{"name":"a"}""");
        await modelAdmin.PutJsonAsync("/models/a/glyphs/1", """{"vector":[1]}""");
        await modelAdmin.PutJsonAsync("/models/a/glyphs/2", """{"vector":[1]}""");
        var refused = await (await modelAdmin.PutJsonAsync("/models/a/glyphs/3", """{"vector":[1]}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("cloud", refused.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Probes_AnonymousInCloudMode_DocsHidden()
    {
        Assert.Equal(HttpStatusCode.OK, (await _runtime.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _runtime.Client.GetAsync("/metrics")).StatusCode);
        var ready = await _runtime.Client.GetAsync("/health/ready");
        Assert.True(ready.StatusCode is HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _runtime.Client.GetAsync("/docs")).StatusCode);
    }
}
