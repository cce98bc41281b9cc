using Glyphh.TestSupport;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

/// <summary>
/// API keys (AUTH_MODE=apikey and both): keys configured by their SHA-256 under Glyphh:Auth:ApiKeys, each with
/// its namespace permissions, checked on every model route like a token's.
/// </summary>
public sealed class ApiKeyTests : IDisposable
{
    private const string AdminKey = "gk_admin_6b0c1f2e9d8a7c5b4e3f2a1d0c9b8a7f";
    private const string ReaderKey = "gk_reader_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<RuntimeInstance> StartAsync(string authMode)
    {
        var settings = await StorageKind.SettingsAsync(false, _dir.Path, "cloud");
        settings["AUTH_MODE"] = authMode;
        if (authMode == "both")
        {
            settings["JWT_SECRET_KEY"] = Jwt.Secret;
        }
        settings["Glyphh:Auth:ApiKeys:0:Name"] = "ops";
        settings["Glyphh:Auth:ApiKeys:0:Sha256"] = Sha256Hex(AdminKey);
        settings["Glyphh:Auth:ApiKeys:0:Permissions:*:0"] = "admin";
        settings["Glyphh:Auth:ApiKeys:1:Name"] = "reader-a";
        settings["Glyphh:Auth:ApiKeys:1:Sha256"] = Sha256Hex(ReaderKey);
        settings["Glyphh:Auth:ApiKeys:1:Permissions:a:0"] = "read";
        var runtime = await RuntimeInstance.StartAsync(settings);
        using var admin = KeyClient(runtime, AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"a"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"b"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/models/a/glyphs/g", """{"vector":[1,0]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/models/b/glyphs/g", """{"vector":[0,1]}""")).StatusCode);
        return runtime;
    }

    [Theory]
    [InlineData("apikey")]
    [InlineData("both")]
    public async Task NoKey_401WithChallenge(string mode)
    {
        await using var runtime = await StartAsync(mode);
        var response = await runtime.Client.GetAsync("/models/a/glyphs/g");
        await response.AssertProblemAsync(401, "unauthenticated");
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await (await runtime.Client.GetAsync("/models")).AssertProblemAsync(401, "unauthenticated");
    }

    [Theory]
    [InlineData("apikey")]
    [InlineData("both")]
    public async Task WrongKey_401InEitherHeader(string mode)
    {
        await using var runtime = await StartAsync(mode);
        using var wrong = KeyClient(runtime, ReaderKey + "x");
        await (await wrong.GetAsync("/models/a/glyphs/g")).AssertProblemAsync(401, "unauthenticated");
        using var wrongScheme = runtime.CreateClient();
        wrongScheme.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + AdminKey[..^1]);
        await (await wrongScheme.GetAsync("/models/a/glyphs/g")).AssertProblemAsync(401, "unauthenticated");
        // The hash itself is not a key.
        using var hash = KeyClient(runtime, Sha256Hex(AdminKey));
        await (await hash.GetAsync("/models")).AssertProblemAsync(401, "unauthenticated");
    }

    [Theory]
    [InlineData("apikey")]
    [InlineData("both")]
    public async Task ReadKeyOnA_ReadsAButCannotWriteAOrReadB(string mode)
    {
        await using var runtime = await StartAsync(mode);
        using var reader = KeyClient(runtime, ReaderKey);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/models/a/glyphs/g")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.PostJsonAsync("/models/a/search", """{"vector":[1,0],"k":1}""")).StatusCode);
        var listed = (await (await reader.GetAsync("/models")).ReadJsonAsync()).GetProperty("items");
        Assert.Equal("a", Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());

        var write = await (await reader.PutJsonAsync("/models/a/glyphs/h", """{"vector":[1,1]}""")).AssertProblemAsync(403, "forbidden");
        Assert.Equal("a", write.GetProperty("namespace").GetString());
        Assert.Equal("write", write.GetProperty("permission").GetString());
        await (await reader.DeleteAsync("/models/a/glyphs/g")).AssertProblemAsync(403, "forbidden");
        var read = await (await reader.GetAsync("/models/b/glyphs/g")).AssertProblemAsync(403, "forbidden");
        Assert.Equal("b", read.GetProperty("namespace").GetString());
        Assert.Equal("read", read.GetProperty("permission").GetString());
        await (await reader.GetAsync("/models/b")).AssertProblemAsync(403, "forbidden");
        await (await reader.GetAsync("/namespaces/b/quotas")).AssertProblemAsync(403, "forbidden");
        await (await reader.PutJsonAsync("/namespaces/a/quotas", """{"glyphs":5}""")).AssertProblemAsync(403, "forbidden");
        await (await reader.GetAsync("/license")).AssertProblemAsync(403, "forbidden");

        // Nothing the refused writes touched changed.
        using var admin = KeyClient(runtime, AdminKey);
        await (await admin.GetAsync("/models/a/glyphs/h")).AssertProblemAsync(404, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/models/a/glyphs/g")).StatusCode);
    }

    [Fact]
    public async Task ApiKeyMode_BearerToken_401()
    {
        await using var runtime = await StartAsync("apikey");
        using var bearer = runtime.CreateClient(Jwt.Admin());
        await (await bearer.GetAsync("/models")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task BothMode_AcceptsAKeyOrAToken()
    {
        await using var runtime = await StartAsync("both");
        using var token = runtime.CreateClient(Jwt.Mint("user-b", new() { ["b"] = ["read", "write"] }));
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/models/b/glyphs/g")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await token.PutJsonAsync("/models/b/glyphs/t", """{"vector":[1,1]}""")).StatusCode);
        await (await token.GetAsync("/models/a/glyphs/g")).AssertProblemAsync(403, "forbidden");

        using var key = KeyClient(runtime, ReaderKey);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/models/a/glyphs/g")).StatusCode);
        using var authorizationKey = runtime.CreateClient();
        authorizationKey.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + ReaderKey);
        Assert.Equal(HttpStatusCode.OK, (await authorizationKey.GetAsync("/models/a/glyphs/g")).StatusCode);

        // A bad token is not rescued by a good key: the Authorization header wins.
        using var badTokenGoodKey = KeyClient(runtime, ReaderKey);
        badTokenGoodKey.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Jwt.Mint("x", new() { ["a"] = ["read"] }, secret: "another-secret-0123456789-abcdefghijklmnopqrstuv"));
        await (await badTokenGoodKey.GetAsync("/models/a/glyphs/g")).AssertProblemAsync(401, "unauthenticated");
    }

    private static HttpClient KeyClient(RuntimeInstance runtime, string key)
    {
        var client = runtime.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
