using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace Glyphh.Auth.Tests;

/// <summary>JWT bearer authentication through the real pipeline, with tokens minted in the tests.</summary>
public sealed class JwtAuthenticationTests
{
    [Fact]
    public async Task Authenticate_ValidToken_ReachesEndpoint()
    {
        await using var host = await AuthTestHost.StartAsync();
        var response = await host.GetAsync("/namespaces/my-model/items", bearer: Tokens.Hs256(Tokens.Claims()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("read my-model", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authenticate_ValidToken_SubStaysSubAndClaimsAreNotRemapped()
    {
        await using var host = await AuthTestHost.StartAsync();
        var me = await (await host.GetAsync("/me", bearer: Tokens.Hs256(Tokens.Claims(sub: "user-42")))).Content.ReadFromJsonAsync<AuthTestHost.Me>();
        Assert.NotNull(me);
        Assert.Equal("user-42", me.Sub);
        Assert.Equal("user-42", me.Name);
        Assert.Null(me.NameIdentifier);
        Assert.Contains("sub", me.ClaimTypes);
        Assert.Contains("namespaces", me.ClaimTypes);
        Assert.Contains("permissions", me.ClaimTypes);
        Assert.DoesNotContain(me.ClaimTypes, t => t.StartsWith("http", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Authenticate_NoCredential_Returns401WithBearerChallengeAndProblem()
    {
        await using var host = await AuthTestHost.StartAsync();
        var response = await host.GetAsync("/me");
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Contains("bearer token", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_ExpiredToken_Returns401Expired()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromMinutes(-5)));
        await AssertRejected(host, token, "the token has expired");
    }

    [Fact]
    public async Task Authenticate_ExpiredWithinClockSkew_IsAccepted_AndBeyondIsRejected()
    {
        await using var host = await AuthTestHost.StartAsync();
        var justExpired = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromSeconds(-20)));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: justExpired)).StatusCode);
        var pastSkew = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromSeconds(-31)));
        await AssertRejected(host, pastSkew, "the token has expired");
    }

    [Fact]
    public async Task Authenticate_CachedTokenAfterExpiry_IsRejected()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromMinutes(1)));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await AssertRejected(host, token, "the token has expired");
    }

    [Fact]
    public async Task Authenticate_NotYetValidToken_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["nbf"] = (Tokens.Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();
        await AssertRejected(host, Tokens.Hs256(claims), "the token is not valid yet (nbf)");
        host.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(claims))).StatusCode);
    }

    [Fact]
    public async Task Authenticate_BadSignature_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        await AssertRejected(host, Tokens.Hs256(Tokens.Claims(), secret: "another-secret-0123456789abcdef0123456789"), "the token signature is invalid");
    }

    [Fact]
    public async Task Authenticate_TamperedPayload_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var parts = Tokens.Hs256(Tokens.Claims(verbs: ["read"])).Split('.');
        var forged = Tokens.Hs256(Tokens.Claims(verbs: ["admin"])).Split('.')[1];
        await AssertRejected(host, $"{parts[0]}.{forged}.{parts[2]}", "the token signature is invalid");
    }

    [Fact]
    public async Task Authenticate_AlgNone_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        await AssertRejected(host, Tokens.Unsigned(Tokens.Claims()), "unsigned tokens (alg none) are not accepted");
    }

    [Fact]
    public async Task Authenticate_Hs256SignedWithRsaPublicKey_AlgorithmNotAllowed()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Jwt.SecretKey = null;
            o.Jwt.PublicKeys.Add(pem);
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), rsa))).StatusCode);
        await AssertRejected(host, Tokens.Hs256(Tokens.Claims(), secret: pem), "the token algorithm is not allowed");
    }

    [Fact]
    public async Task Authenticate_Hs256SignedWithRsaPublicKey_WhenBothAlgorithmsAllowed_SignatureInvalid()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            o.Jwt.PublicKeys.Add(pem);
            o.Jwt.ValidAlgorithms = ["HS256", "RS256"];
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Rs256(Tokens.Claims(), rsa))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(Tokens.Claims()))).StatusCode);
        await AssertRejected(host, Tokens.Hs256(Tokens.Claims(), secret: pem), "the token signature is invalid");
    }

    [Fact]
    public async Task Authenticate_Es256WithConfiguredPublicKey_Succeeds()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var host = await AuthTestHost.StartAsync(o => o.Jwt.PublicKeys.Add(ec.ExportSubjectPublicKeyInfoPem()));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Es256(Tokens.Claims(), ec))).StatusCode);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AssertRejected(host, Tokens.Es256(Tokens.Claims(), other), "the token signature is invalid");
    }

    [Fact]
    public async Task Authenticate_WrongIssuer_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Jwt.Issuer = "glyphh");
        var claims = Tokens.Claims();
        claims["iss"] = "someone-else";
        await AssertRejected(host, Tokens.Hs256(claims), "the token issuer is not accepted");
        claims["iss"] = "glyphh";
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(claims))).StatusCode);
    }

    [Fact]
    public async Task Authenticate_WrongAudience_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Jwt.Audience = "runtime");
        var claims = Tokens.Claims();
        claims["aud"] = "billing";
        await AssertRejected(host, Tokens.Hs256(claims), "the token audience is not accepted");
        claims.Remove("aud");
        await AssertRejected(host, Tokens.Hs256(claims), "the token audience is not accepted");
        claims["aud"] = "runtime";
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: Tokens.Hs256(claims))).StatusCode);
    }

    [Fact]
    public async Task Authenticate_MissingExp_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims.Remove("exp");
        await AssertRejected(host, Tokens.Hs256(claims), "the token has no expiry (exp)");
    }

    [Fact]
    public async Task Authenticate_ExpNotANumber_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["exp"] = "tomorrow";
        await AssertRejected(host, Tokens.Hs256(claims), "the token is malformed");
    }

    [Fact]
    public async Task Authenticate_PermissionsNotAnObject_Returns401WithReason()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["permissions"] = new JsonArray("read", "write");
        await AssertRejected(host, Tokens.Hs256(claims), "the 'permissions' claim must be an object");
    }

    [Theory]
    [InlineData("""{"my-model":"read"}""")]
    [InlineData("""{"my-model":["read","delete"]}""")]
    [InlineData("""{"my-model":[1]}""")]
    [InlineData("""{"":["read"]}""")]
    [InlineData("\"read\"")]
    public async Task Authenticate_PermissionsWrongShape_Returns401(string permissions)
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["permissions"] = JsonNode.Parse(permissions);
        await AssertRejected(host, Tokens.Hs256(claims), "the 'permissions' claim must be an object");
    }

    [Theory]
    [InlineData("\"my-model\"")]
    [InlineData("[1]")]
    [InlineData("[\"\"]")]
    [InlineData("{}")]
    public async Task Authenticate_NamespacesWrongShape_Returns401(string namespaces)
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["namespaces"] = JsonNode.Parse(namespaces);
        await AssertRejected(host, Tokens.Hs256(claims), "the 'namespaces' claim must be an array");
    }

    [Fact]
    public async Task Authenticate_SubNotAString_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["sub"] = 42;
        await AssertRejected(host, Tokens.Hs256(claims), "the 'sub' claim must be a string");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.%%%.abc")]
    [InlineData("....")]
    public async Task Authenticate_MalformedToken_Returns401(string token)
    {
        await using var host = await AuthTestHost.StartAsync();
        var response = await host.GetAsync("/me", bearer: token);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.DoesNotContain(token, problem.Body.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_OversizedToken_Returns401TooLarge()
    {
        await using var host = await AuthTestHost.StartAsync();
        var claims = Tokens.Claims();
        claims["padding"] = new string('x', 20_000);
        await AssertRejected(host, Tokens.Hs256(claims), "the token is too large");
    }

    [Fact]
    public async Task Authenticate_DisallowedAlgorithmHs512_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(), alg: "HS512");
        await AssertRejected(host, token, "the token algorithm is not allowed");
    }

    [Fact]
    public async Task Authenticate_ApiKeyInJwtMode_Returns401()
    {
        await using var host = await AuthTestHost.StartAsync();
        var response = await host.GetAsync("/me", apiKey: "whatever");
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("API keys are not accepted", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("whatever", problem.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_RejectedToken_NeverAppearsInLogsOrResponse()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = Tokens.Hs256(Tokens.Claims(), secret: "another-secret-0123456789abcdef0123456789");
        var response = await host.GetAsync("/me", bearer: token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(host.Logs.GetSnapshot());
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain(token.Split('.')[2], r.Message, StringComparison.Ordinal));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3 && r.Category!.StartsWith("Glyphh", StringComparison.Ordinal) && r.Message.Contains("signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningSecret_NeverReachesALogRecord_OnAnyPath()
    {
        await using var host = await AuthTestHost.StartAsync(o => o.Mode = AuthMode.Both);
        var valid = Tokens.Hs256(Tokens.Claims());
        string[] tokens =
        [
            valid, // first sight: the one-pass HMAC path
            valid, // cached: the fast lanes
            Tokens.Hs256(Tokens.Claims(), secret: "another-secret-0123456789abcdef0123456789"),
            Tokens.Hs256(Tokens.Claims(), alg: "HS512"),
            Tokens.Hs256(Tokens.Claims(expiresIn: TimeSpan.FromMinutes(-5))),
            Tokens.Unsigned(Tokens.Claims()),
            valid[..^3],
            "not.a.token",
        ];
        foreach (var token in tokens)
        {
            await host.GetAsync("/namespaces/my-model/items", bearer: token);
            await host.GetAsync("/namespaces/other/items", bearer: token);
        }

        await host.GetAsync("/me", apiKey: Tokens.Secret);
        await host.GetAsync("/me", authorization: "Basic " + Tokens.Secret);

        var records = host.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        Assert.All(records, r =>
        {
            var text = r.Message + " " + string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? []) + " " + r.Exception;
            Assert.DoesNotContain(Tokens.Secret, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Authenticate_RepeatedToken_IsServedFromCacheAndCounted()
    {
        await using var host = await AuthTestHost.StartAsync();
        var meterFactory = host.App.Services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(meterFactory, "Glyphh.Auth", "glyphh.auth.authentications");
        var token = Tokens.Hs256(Tokens.Claims());
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        await host.GetAsync("/me", bearer: "bad.token.here");
        var outcomes = collector.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!).ToArray();
        Assert.Equal(["success", "cached", "failure"], outcomes);
        Assert.All(collector.GetMeasurementSnapshot(), m => Assert.Equal("jwt", m.Tags["scheme"]));
    }

    [Fact]
    public async Task Authenticate_ConcurrentRequests_EachCountedOnceUnderItsSchemeAndOutcome()
    {
        await using var host = await AuthTestHost.StartAsync();
        var meterFactory = host.App.Services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(meterFactory, "Glyphh.Auth", "glyphh.auth.authentications");
        var token = Tokens.Hs256(Tokens.Claims());
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        Assert.Equal(new Dictionary<string, long> { ["jwt/success"] = 1 }, AuthenticationTotals(collector));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => (await host.GetAsync("/me", bearer: token)).StatusCode)));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        using var twice = new HttpRequestMessage(HttpMethod.Get, "/me");
        twice.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + token, "Bearer " + token]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(twice)).StatusCode);

        Assert.Equal(new Dictionary<string, long> { ["jwt/success"] = 1, ["jwt/cached"] = 200, ["credential/failure"] = 1 }, AuthenticationTotals(collector));
    }

    /// <summary>The authentications counted so far, by "scheme/outcome".</summary>
    private static Dictionary<string, long> AuthenticationTotals(MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().GroupBy(m => $"{m.Tags["scheme"]}/{m.Tags["outcome"]}").ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    [Fact]
    public async Task Authenticate_CachedToken_ClaimsAddedByATransformationDoNotReachTheNextRequest()
    {
        var seenBefore = new List<int>();
        await using var host = await AuthTestHost.StartAsync(services: s => s.AddSingleton<IClaimsTransformation>(new MarkingTransformation(seenBefore)));
        var meterFactory = host.App.Services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricCollector<long>(meterFactory, "Glyphh.Auth", "glyphh.auth.authentications");
        var token = Tokens.Hs256(Tokens.Claims());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/me", bearer: token)).StatusCode);
        }

        // Served from the cache after the first request, yet each request starts from a principal of its own.
        Assert.Equal(["success", "cached", "cached"], collector.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.NotEmpty(seenBefore);
        Assert.All(seenBefore, count => Assert.Equal(0, count));
    }

    private sealed class MarkingTransformation(List<int> seenBefore) : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            lock (seenBefore)
            {
                seenBefore.Add(principal.FindAll("marked").Count());
            }

            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("marked", "yes"));
            return Task.FromResult(principal);
        }
    }

    private static async Task AssertRejected(AuthTestHost host, string token, string reason)
    {
        var response = await host.GetAsync("/me", bearer: token);
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\", error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains(reason, challenge.Parameter, StringComparison.Ordinal);
        Assert.DoesNotContain(token, problem.Body.GetRawText(), StringComparison.Ordinal);
    }
}
