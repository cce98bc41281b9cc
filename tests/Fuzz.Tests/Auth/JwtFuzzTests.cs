using System.Net;
using System.Text.Json.Nodes;
using Glyphh.Auth;
using Glyphh.Fuzz.Tests.Support;

namespace Glyphh.Fuzz.Tests.Auth;

/// <summary>
/// Mutated tokens, forged headers and random claim shapes through the real Glyphh authentication and namespace
/// authorization: never a 2xx unless the token is byte-for-byte the valid one and its claims grant the permission;
/// every refusal a 401/403 problem+json, never a 5xx.
/// </summary>
public sealed class JwtFuzzTests : IAsyncLifetime
{
    private const string Header = """{"alg":"HS256","typ":"JWT"}""";
    private AuthHost _host = null!;

    private static long FutureExp => DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

    public async Task InitializeAsync() => _host = await AuthHost.StartAsync(AuthMode.Both);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_ValidToken_Granted()
    {
        // The oracle is only meaningful if the untouched token is granted.
        var token = Jwt.Hs256(Header, Jwt.Claims(FutureExp, "m1", "read").ToJsonString());
        var response = await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", "Bearer " + token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertRefusedAsync(await _host.SendAsync(HttpMethod.Put, "/namespaces/m1/items", "Bearer " + token), "read-only token wrote");
        await AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/namespaces/m2/items", "Bearer " + token), "token for m1 read m2");
    }

    [Fact]
    public async Task Get_MutatedTokens_NeverGrantedUnlessSameBytes()
    {
        var token = Jwt.Hs256(Header, Jwt.Claims(FutureExp, "m1", "read").ToJsonString());
        var mutator = new Mutator(9201);
        var refused = 0;
        for (var i = 0; i < 2000; i++)
        {
            var mutated = mutator.Mutate(token);
            HttpResponseMessage response;
            try
            {
                response = await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", "Bearer " + mutated);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // TestServer rethrows what escaped the pipeline: over Kestrel this is a 500 and an error log.
                Assert.Fail($"seed {mutator.Seed} #{i}: the pipeline threw {ex.GetType().Name} ({ex.Message[..Math.Min(80, ex.Message.Length)]}) for token '{mutated}'");
                throw;
            }
            if (response.IsSuccessStatusCode)
            {
                // Compared as sent: the host strips CR, LF and NUL, which real HTTP never delivers.
                Assert.True(Jwt.SameBytes(AuthHost.HeaderSafe(mutated)!.Trim(), token), $"seed {mutator.Seed} #{i}: mutated token granted: {mutated}");
            }
            else
            {
                await AssertRefusedAsync(response, $"seed {mutator.Seed} #{i}");
                refused++;
            }
        }
        Assert.True(refused > 1500, $"only {refused} of 2000 mutations refused");
    }

    [Fact]
    public async Task Get_ForgedHeadersAndSignatures_Refused()
    {
        var payload = Jwt.Claims(FutureExp, "m1", "read", "write", "admin");
        payload["permissions"]!.AsObject()["*"] = new JsonArray("admin");
        var body = Jwt.Encode(payload.ToJsonString());
        var valid = Jwt.Hs256(Header, payload.ToJsonString());
        var signature = valid.Split('.')[2];
        string[] forged =
        [
            Jwt.Encode("""{"alg":"none","typ":"JWT"}""") + "." + body + ".",
            Jwt.Encode("""{"alg":"none"}""") + "." + body + "." + signature,
            Jwt.Encode("""{"alg":"None"}""") + "." + body + ".",
            Jwt.Encode("""{"alg":"HS512","typ":"JWT"}""") + "." + body + "." + signature,
            Jwt.Encode("""{"alg":"RS256","typ":"JWT"}""") + "." + body + "." + signature,
            Jwt.Encode("""{"alg":"ES256","typ":"JWT"}""") + "." + body + "." + signature,
            Jwt.Encode("""{"alg":"HS256","typ":"JWT","crit":["exp"]}""") + "." + body + "." + signature,
            Jwt.Encode("""{"alg":"HS256","jku":"http://127.0.0.1:1/jwks","kid":"x"}""") + "." + body + "." + signature,
            Jwt.Hs256(Header, payload.ToJsonString(), "wrong-secret-0123456789abcdef0123456789abcdef"),
            Jwt.Hs256(Header, payload.ToJsonString(), ""),
            Jwt.Hs256("""{"alg":"HS256","typ":"JWT","enc":"A256GCM"}""", payload.ToJsonString()) + ".x.y",
            Jwt.Encode(Header) + "." + body,
            Jwt.Encode(Header) + "." + body + "." + signature + ".",
            Jwt.Encode(Header) + "." + Jwt.Encode(payload.ToJsonString().Replace("m1", "m2", StringComparison.Ordinal)) + "." + signature,
            valid.Split('.')[0] + "." + body + "." + Jwt.Encode(new byte[32]),
            valid + valid,
            new string('a', 100_000),
            "",
            ".",
            "..",
            "a.b.c",
        ];
        foreach (var (token, index) in forged.Select((t, i) => (t, i)))
        {
            foreach (var path in new[] { "/namespaces/m1/items", "/platform" })
            {
                await AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, path, "Bearer " + token), $"forged #{index} on {path}");
            }
        }
        foreach (var scheme in new[] { "Basic " + valid, "Bearer", "Bearer  ", "Token " + valid, "Bearer " + valid + " extra", "Bearer\t" + valid.Replace('.', ' ') })
        {
            await AssertRefusedAsync(await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", scheme), $"scheme '{scheme[..Math.Min(12, scheme.Length)]}'");
        }
    }

    [Fact]
    public async Task Get_RandomClaimShapes_GrantOnlyWhenClaimsGrantRead()
    {
        var mutator = new Mutator(9202);
        var granted = 0;
        for (var i = 0; i < 1500; i++)
        {
            var claims = RandomClaims(mutator.Random);
            var token = Jwt.Hs256(Header, claims.ToJsonString());
            var response = await _host.SendAsync(HttpMethod.Get, "/namespaces/m1/items", "Bearer " + token);
            if (response.IsSuccessStatusCode)
            {
                Assert.True(ClaimsGrantRead(claims), $"seed {mutator.Seed} #{i}: claims granted read on m1: {claims.ToJsonString()}");
                granted++;
            }
            else
            {
                await AssertRefusedAsync(response, $"seed {mutator.Seed} #{i} {claims.ToJsonString()}");
            }
        }
        Assert.True(granted > 0, "no generated claims were granted: the generator never makes a valid shape");
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string where)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status is 401 or 403, $"{where}: expected 401/403, got {status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var type = JsonNode.Parse(body)!["type"]!.GetValue<string>();
        Assert.Contains(type, new[] { "https://glyphh.dev/problems/unauthenticated", "https://glyphh.dev/problems/forbidden" });
        if (status == 401)
        {
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }
    }

    private static JsonObject RandomClaims(Random random)
    {
        JsonNode? Verb() => random.Next(10) switch
        {
            0 => "read",
            1 => "write",
            2 => "admin",
            3 => "READ",
            4 => " read",
            5 => 1,
            6 => null,
            7 => new JsonArray("read"),
            8 => "",
            _ => "reader",
        };
        JsonNode? Value(int depth) => random.Next(depth > 2 ? 5 : 8) switch
        {
            0 => null,
            1 => random.Next(),
            2 => "read",
            3 => true,
            4 => random.NextDouble(),
            5 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Verb())]),
            6 => new JsonObject { ["m1"] = Value(depth + 1) },
            _ => new JsonArray(Value(depth + 1)),
        };
        var claims = new JsonObject();
        if (random.Next(6) != 0)
        {
            claims["sub"] = random.Next(5) == 0 ? Value(0) : "u" + random.Next(100);
        }
        switch (random.Next(8))
        {
            case 0:
                break;
            case 1:
                claims["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
                break;
            case 2:
                claims["exp"] = "tomorrow";
                break;
            case 3:
                claims["exp"] = Value(0);
                break;
            case 4:
                claims["exp"] = 1e300;
                break;
            default:
                claims["exp"] = FutureExp;
                break;
        }
        if (random.Next(4) == 0)
        {
            claims["nbf"] = random.Next(2) == 0 ? DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() : Value(0);
        }
        if (random.Next(3) != 0)
        {
            claims["namespaces"] = random.Next(3) switch
            {
                0 => new JsonArray("m1"),
                1 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(2) == 0 ? JsonValue.Create("m" + random.Next(3)) : Value(1))]),
                _ => Value(0),
            };
        }
        if (random.Next(8) != 0)
        {
            var permissions = new JsonObject();
            for (var n = random.Next(4); n > 0; n--)
            {
                var key = random.Next(4) switch { 0 => "m1", 1 => "*", 2 => "M1", _ => "m" + random.Next(5) };
                permissions[key] = random.Next(3) == 0 ? Value(0) : new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Verb())]);
            }
            claims["permissions"] = random.Next(6) == 0 ? Value(0) : permissions;
        }
        return claims;
    }

    /// <summary>The contract's rule as a necessary condition: exp a future number and <c>read</c>/<c>admin</c> (exact strings) on m1 or <c>*</c>.</summary>
    private static bool ClaimsGrantRead(JsonObject claims)
    {
        if (claims["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var seconds) || seconds <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return false;
        }
        if (claims["permissions"] is not JsonObject permissions)
        {
            return false;
        }
        foreach (var key in new[] { "m1", "*" })
        {
            if (permissions[key] is JsonArray verbs && verbs.Any(v => v is JsonValue s && s.TryGetValue<string>(out var verb) && verb is "read" or "admin"))
            {
                return true;
            }
        }
        return false;
    }
}
