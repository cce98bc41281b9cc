using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Glyphh.Auth.Tests;

/// <summary>AUTH_MODE none, apikey and both, and API keys configured by hash.</summary>
public sealed class AuthModeTests
{
    private const string ReaderKey = "gk_reader_4f1d8c2a9b7e6f5d";
    private const string AdminKey = "gk_admin_0a9b8c7d6e5f4a3b";

    internal static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static void ApiKeys(GlyphhAuthOptions o)
    {
        o.ApiKeys.Add(new GlyphhApiKeyOptions
        {
            Name = "reader",
            Sha256 = Sha256Hex(ReaderKey),
            Permissions = new Dictionary<string, IList<string>> { ["m1"] = ["read"] },
        });
        o.ApiKeys.Add(new GlyphhApiKeyOptions
        {
            Name = "ops",
            Sha256 = Sha256Hex(AdminKey).ToUpperInvariant(),
            Permissions = new Dictionary<string, IList<string>> { ["*"] = ["admin"] },
        });
    }

    [Fact]
    public async Task ModeNone_TheSharedLocalAdmin_CannotBeChangedByOneRequestForTheNext()
    {
        await using var host = await AuthTestHost.StartAsync(
            o =>
            {
                o.Mode = AuthMode.None;
                o.Jwt.SecretKey = null;
            },
            endpoints: app => app.MapGet("/grant-myself", (HttpContext context) =>
            {
                var claims = context.User.Claims.Count();
                try
                {
                    ((ClaimsIdentity)context.User.Identity!).AddClaim(new Claim("role", "injected"));
                    return $"changed {claims}";
                }
                catch (InvalidOperationException)
                {
                    return $"read-only {claims}";
                }
            }).RequirePlatformAdmin());

        // Every request shares one principal (both fast lanes): a change would reach every later request, so none is allowed.
        var first = await (await host.GetAsync("/grant-myself")).Content.ReadAsStringAsync();
        var second = await (await host.GetAsync("/grant-myself")).Content.ReadAsStringAsync();
        Assert.StartsWith("read-only ", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        var me = await (await host.GetAsync("/me")).Content.ReadFromJsonAsync<AuthTestHost.Me>();
        Assert.DoesNotContain("role", me!.ClaimTypes);
    }

    [Fact]
    public async Task ModeNone_EveryRequestIsLocalPlatformAdmin_AndStartupWarns()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.None;
            o.Jwt.SecretKey = null;
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/namespaces/anything"))).StatusCode);
        var me = await (await host.GetAsync("/me")).Content.ReadFromJsonAsync<AuthTestHost.Me>();
        Assert.Equal("local", me!.Sub);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1 && r.Category!.StartsWith("Glyphh", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Authentication is off", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModeNone_IgnoresEvenABadToken()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Mode = AuthMode.None);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform", bearer: "garbage")).StatusCode);
    }

    [Fact]
    public async Task ModeApiKey_ValidKeyInHeader_GrantsConfiguredPermissions()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.ApiKey;
            ApiKeys(o);
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/m1/items", apiKey: ReaderKey)).StatusCode);
        var me = await (await host.GetAsync("/me", apiKey: ReaderKey)).Content.ReadFromJsonAsync<AuthTestHost.Me>();
        Assert.Equal("reader", me!.Sub);
        var problem = await Problem.ReadAsync(await host.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/namespaces/m1/items"), apiKey: ReaderKey), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("write", problem.Extension("permission"));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform", apiKey: AdminKey)).StatusCode);
    }

    [Fact]
    public async Task ModeApiKey_KeyInAuthorizationHeader_IsAccepted()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.ApiKey;
            ApiKeys(o);
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/platform", authorization: "ApiKey " + AdminKey)).StatusCode);
    }

    [Theory]
    [InlineData("gk_reader_4f1d8c2a9b7e6f5e")]
    [InlineData("oversized")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task ModeApiKey_UnknownKey_Returns401WithoutEchoingIt(string key)
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.ApiKey;
            ApiKeys(o);
        });
        key = key == "oversized" ? new string('k', 5000) : key;
        var response = await host.GetAsync("/me", apiKey: key);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("the API key is not valid", problem.Detail, StringComparison.Ordinal);
        Assert.StartsWith("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, problem.Body.GetRawText(), StringComparison.Ordinal);
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain(key, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModeApiKey_HashOfKeyPresentedAsKey_IsRejected()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.ApiKey;
            ApiKeys(o);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/me", apiKey: Sha256Hex(ReaderKey))).StatusCode);
    }

    [Fact]
    public async Task ModeApiKey_BearerToken_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.ApiKey;
            ApiKeys(o);
        });
        var problem = await Problem.ReadAsync(await host.GetAsync("/me", bearer: Tokens.Hs256(Tokens.Claims())), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("bearer tokens are not accepted", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModeBoth_AcceptsEitherCredential()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.Both;
            ApiKeys(o);
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/m1/items", apiKey: ReaderKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/namespaces/my-model/items", bearer: Tokens.Hs256(Tokens.Claims()))).StatusCode);
        var missing = await host.GetAsync("/me");
        await Problem.ReadAsync(missing, HttpStatusCode.Unauthorized, "unauthenticated");
        var schemes = missing.Headers.WwwAuthenticate.Select(h => h.Scheme).ToArray();
        Assert.Equal(["Bearer", "ApiKey"], schemes);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/me", apiKey: "unknown-key")).StatusCode);
    }

    [Fact]
    public async Task ModeBoth_TwoApiKeyHeaders_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Mode = AuthMode.Both;
            ApiKeys(o);
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("X-API-Key", [ReaderKey, AdminKey]);
        var problem = await Problem.ReadAsync(await host.Client.SendAsync(request), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("more than one credential", problem.Detail, StringComparison.Ordinal);
    }
}
