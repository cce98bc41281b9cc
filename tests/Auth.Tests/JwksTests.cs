using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Tests;

/// <summary>JWKS keys from a real HTTP server on 127.0.0.1: fetched at start, refreshed on an unknown kid, throttled.</summary>
public sealed class JwksTests : IAsyncLifetime
{
    private readonly RSA _k1 = RSA.Create(2048);
    private readonly RSA _k2 = RSA.Create(2048);
    private WebApplication _server = null!;
    private volatile string _jwks = "";
    private volatile bool _failing;
    private int _fetches;

    private Uri Url => new(_server.Urls.First() + "/.well-known/jwks.json");

    public async Task InitializeAsync()
    {
        _jwks = Jwks(("k1", _k1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref _fetches);
            return _failing ? Results.StatusCode(500) : Results.Text(_jwks, "application/json");
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _k1.Dispose();
        _k2.Dispose();
    }

    private static string Jwks(params (string Kid, RSA Key)[] keys)
    {
        var array = new JsonArray();
        foreach (var (kid, key) in keys)
        {
            var p = key.ExportParameters(false);
            array.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            });
        }

        return new JsonObject { ["keys"] = array }.ToJsonString();
    }

    private Task<AuthTestHost> StartHost(TimeSpan minimumRefresh) => AuthTestHost.StartAsync(o =>
    {
        o.Jwt.SecretKey = null;
        o.Jwt.JwksUrl = Url;
        o.Jwt.JwksMinimumRefreshInterval = minimumRefresh;
    });

    [Fact]
    public async Task Jwks_KeyRotation_UnknownKidTriggersRefresh()
    {
        await using var host = await StartHost(TimeSpan.Zero);
        Assert.Equal(1, _fetches);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), _k1, kid: "k1"))).StatusCode);

        _jwks = Jwks(("k2", _k2));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(sub: "after-rotation"), _k2, kid: "k2"))).StatusCode);
        Assert.Equal(2, _fetches);

        var retired = await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(sub: "retired-key"), _k1, kid: "k1"));
        var problem = await Problem.ReadAsync(retired, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("signature is invalid", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwks_KeyRotation_CachedTokenOfTheRetiredKeyIsRejected()
    {
        await using var host = await StartHost(TimeSpan.Zero);
        var old = Tokens.Rs256(Tokens.Claims(sub: "cached-before-rotation"), _k1, kid: "k1");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: old)).StatusCode);
        }

        // k1 retired: the refresh an unknown kid triggers replaces the key set, and the cached k1 token is checked again.
        _jwks = Jwks(("k2", _k2));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(sub: "new"), _k2, kid: "k2"))).StatusCode);
        var retired = await host.GetAsync("/me", bearer: old);
        var problem = await Problem.ReadAsync(retired, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("signature is invalid", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwks_UnknownKids_AreThrottled()
    {
        await using var host = await StartHost(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            var response = await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(sub: "u" + i), _k2, kid: "unknown-" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The start-up fetch was less than a minute ago: no token can force another.
        Assert.Equal(1, _fetches);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        _jwks = Jwks(("k1", _k1), ("k2", _k2));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(sub: "later"), _k2, kid: "k2"))).StatusCode);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Jwks_ServerFailing_KeepsPreviousKeysAndLogs()
    {
        await using var host = await StartHost(TimeSpan.Zero);
        _failing = true;
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), _k2, kid: "k2"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), _k1, kid: "k1"))).StatusCode);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 8 && r.Level == LogLevel.Warning && r.Category!.StartsWith("Glyphh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jwks_Unreachable_FailsClosed()
    {
        await _server.StopAsync();
        await using var host = await StartHost(TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), _k1, kid: "k1"))).StatusCode);
    }
}
