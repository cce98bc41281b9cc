using System.Net;
using System.Text.Json.Nodes;
using Glyphh.Auth.Tests.Infrastructure;

namespace Glyphh.Auth.Tests;

/// <summary>
/// Validly signed tokens with hostile <c>exp</c>/<c>nbf</c>/<c>sub</c> values, through the real pipeline: each is a 401 with
/// its reason in the problem and the RFC 6750 challenge, never a 500.
/// </summary>
public sealed class TokenLifetimeEdgeTests
{
    public static TheoryData<string, string, string> HostileTimes => new()
    {
        // claim, raw JSON value, expected reason. IdentityModel's reader already refuses some shapes ("malformed");
        // the rest reach the package's own NumericDate check.
        { "exp", "253402300799", "the token expiry (exp) is out of range" },
        { "exp", "253402214401", "the token expiry (exp) is out of range" },
        { "exp", "9223372036854775807", "the token expiry (exp) is out of range" },
        { "exp", "18446744073709551616", "the token is malformed" },
        { "exp", "1e400", "the token is malformed" },
        { "exp", "-1", "the token expiry (exp) is out of range" },
        { "exp", "-9223372036854775808", "the token expiry (exp) is out of range" },
        { "exp", "\"1768478400\"", "the token expiry (exp) is not a number of seconds" },
        { "exp", "\"soon\"", "the token is malformed" },
        { "exp", "true", "the token is malformed" },
        { "exp", "null", "the token is malformed" },
        { "exp", "[1768478400]", "the token is malformed" },
        { "exp", "{}", "the token is malformed" },
        { "nbf", "253402300799", "the token not-before (nbf) is out of range" },
        { "nbf", "1e400", "the token is malformed" },
        { "nbf", "-62135596801", "the token not-before (nbf) is out of range" },
        { "nbf", "\"0\"", "the token not-before (nbf) is not a number of seconds" },
    };

    [Theory]
    [MemberData(nameof(HostileTimes))]
    public async Task HostileTime_Is401WithReason(string claim, string json, string reason)
    {
        await using var host = await AuthTestHost.StartAsync();
        var payload = Tokens.Claims();
        payload[claim] = JsonNode.Parse(json);
        var response = await host.GetAsync("/me", bearer: Tokens.Hs256(payload));
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.Unauthenticated);
        Assert.Equal($"Authentication failed: {reason}.", problem.Detail);
        Assert.Contains(reason, Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FractionalExpInTheFuture_IsAccepted()
    {
        await using var host = await AuthTestHost.StartAsync();
        var payload = Tokens.Claims();
        payload["exp"] = (Tokens.Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds() + 0.5;
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(payload))).StatusCode);
    }

    [Fact]
    public async Task LatestAcceptedExp_IsCachedWithoutOverflow()
    {
        await using var host = await AuthTestHost.StartAsync();
        var payload = Tokens.Claims();
        payload["exp"] = 253_402_214_400;
        var token = Tokens.Hs256(payload);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
    }

    [Fact]
    public async Task NbfInThePastFar_IsAccepted()
    {
        await using var host = await AuthTestHost.StartAsync();
        var payload = Tokens.Claims();
        payload["nbf"] = 0;
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(payload))).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public async Task MissingOrEmptySub_Is401ByDefault(string? sub)
    {
        await using var host = await AuthTestHost.StartAsync();
        var payload = Tokens.Claims();
        payload.Remove("sub");
        if (sub is not null)
        {
            payload["sub"] = JsonNode.Parse(sub);
        }

        var problem = await Problem.ReadAsync(await host.GetAsync("/me", bearer: Tokens.Hs256(payload)), HttpStatusCode.Unauthorized, AuthErrorCodes.Unauthenticated);
        Assert.Equal("Authentication failed: the token has no subject (sub).", problem.Detail);
    }

    [Fact]
    public async Task MissingSub_IsAcceptedWhenRequireSubjectIsOff()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Jwt.RequireSubject = false);
        var payload = Tokens.Claims();
        payload.Remove("sub");
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(payload))).StatusCode);
    }

    [Fact]
    public async Task NonStringSub_IsRefusedEvenWhenRequireSubjectIsOff()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Jwt.RequireSubject = false);
        var payload = Tokens.Claims();
        payload["sub"] = 42;
        var problem = await Problem.ReadAsync(await host.GetAsync("/me", bearer: Tokens.Hs256(payload)), HttpStatusCode.Unauthorized, AuthErrorCodes.Unauthenticated);
        Assert.Contains("'sub' claim must be a string", problem.Detail, StringComparison.Ordinal);
    }
}
