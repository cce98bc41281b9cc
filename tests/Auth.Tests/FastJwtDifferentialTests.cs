using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Glyphh.Auth.Tests;

/// <summary>
/// The one-pass HMAC path against JsonWebTokenHandler (the full path) on generated tokens, valid and hostile: the fast
/// path accepts only what the full path accepts, with the same claims, grants and expiry; every answer of the
/// validator is the full path's.
/// </summary>
public sealed class FastJwtDifferentialTests(ITestOutputHelper output)
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "api://glyphh";
    private const string SecondSecret = "second-secret-0123456789abcdef0123456789";
    private const string WrongSecret = "wrong-secret-0123456789abcdef0123456789ab";
    private static readonly RSA Rsa = RSA.Create(2048);

    [Theory]
    [InlineData(Setup.SecretOnly)]
    [InlineData(Setup.IssuerAudienceTwoSecrets)]
    [InlineData(Setup.SecretAndPublicKey)]
    public void GeneratedTokens_FastPathAgreesWithTheHandler(Setup setup)
    {
        var validator = Validator(setup);
        var outcomes = new Dictionary<string, int>();
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var token = TokenCase.Make(new Random(seed), setup);
            var outcome = CompareAsync(validator, token).AsTask().GetAwaiter().GetResult();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), property);
        output.WriteLine(Describe(outcomes));

        // The cases reached all three outcomes, and enough of each, so the comparison was not made on too little.
        Assert.True(outcomes.GetValueOrDefault("fast") >= 100, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("handler-accepted") >= 50, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("refused") >= 300, Describe(outcomes));
    }

    [Fact]
    public async Task CommonToken_TakesTheFastPath_WithTheHandlersClaims()
    {
        var validator = Validator(Setup.SecretOnly);
        var token = Tokens.Hs256(Tokens.Claims());
        Assert.Equal("fast", await CompareAsync(validator, token));
        Assert.NotNull(validator.ValidateFastOnly(token));
    }

    [Fact]
    public async Task NullIssuer_IsRefusedWithAReason_NotAnException()
    {
        // Found by the comparison: JsonWebTokenHandler reads "iss": null, then throws naming the claims' issuer.
        var validator = Validator(Setup.SecretOnly);
        var payload = Tokens.Claims();
        payload["iss"] = null;
        var token = Tokens.Hs256(payload);

        var (result, _) = await validator.ValidateUncachedAsync(token, CancellationToken.None);

        Assert.Null(result.Principal);
        Assert.Equal("the 'iss' claim must be a string", result.Failure);
        Assert.Null(validator.ValidateFastOnly(token));
    }

    [Fact]
    public async Task InvalidUtf8InAGrant_IsRefusedWithAReason_NotAnException()
    {
        // Found by the comparison: JsonDocument checks a string's UTF-8 only when it is read (here by the grants parser).
        var validator = Validator(Setup.SecretOnly);
        var payload = Encoding.UTF8.GetBytes("{\"sub\":\"u\",\"exp\":1768482000,\"permissions\":{\"a?\":[\"read\"]}}");
        payload[Array.IndexOf(payload, (byte)'?')] = 0xFF;
        var input = Base64UrlEncoder.Encode("{\"alg\":\"HS256\"}") + "." + Base64UrlEncoder.Encode(payload);
        var token = input + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Tokens.Secret), Encoding.ASCII.GetBytes(input)));

        var (result, _) = await validator.ValidateUncachedAsync(token, CancellationToken.None);

        Assert.Equal("the token payload is not valid JSON", result.Failure);
        Assert.Null(validator.ValidateFastOnly(token));
    }

    [Theory]
    [InlineData("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"]}")]
    [InlineData("{\"alg\":\"HS256\",\"b64\":false}")]
    [InlineData("{\"alg\":\"HS256\",\"alg\":\"HS256\"}")]
    [InlineData("{\"alg\":\"HS256\",\"cty\":\"JWT\"}")]
    public void UnusualHeader_IsLeftToTheHandler(string header)
    {
        var validator = Validator(Setup.SecretOnly);
        var token = TokenCase.Sign(header, Tokens.Claims().ToJsonString(), Tokens.Secret, 32);
        Assert.Null(validator.ValidateFastOnly(token));
    }

    [Theory]
    [InlineData("\uFEFF{\"sub\":\"u\",\"exp\":1768482000}", "refused")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000} x", "refused")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000}{}", "refused")]
    [InlineData(" \r\n{\"sub\":\"u\",\"exp\":1768482000} \t", "fast")]
    [InlineData("{\"\\u0073ub\":\"u\",\"exp\":1768482000}", "fast")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000,\"sub\":\"v\"}", "handler-accepted")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000,\"x\":\"2026-01-15T12:00:00.0000000Z\"}", "handler-accepted")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000,\"x\":[\"2026-01-15T12:00:00.0000000Z\"]}", "handler-accepted")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000.0}", "handler-accepted")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000,\"x\":1e400}", "handler-accepted")]
    [InlineData("{\"sub\":\"u\",\"exp\":1768482000,\"x\":[1,2147483648,9223372036854775808,1.5,-0,true,null,{},[[]]]}", "fast")]
    public async Task EdgePayloads_AgreeWithTheHandler(string payload, string outcome)
    {
        var validator = Validator(Setup.SecretOnly);
        var token = TokenCase.Sign("{\"alg\":\"HS256\"}", payload, Tokens.Secret, 32);
        Assert.Equal(outcome, await CompareAsync(validator, token));
    }

    [Theory]
    [InlineData("\"2026-01-15T12:00:00.0000000Z\"")]
    [InlineData("1e400")]
    [InlineData("[null,\"a\"]")]
    public void UnusualClaimValue_IsLeftToTheHandler(string value)
    {
        var validator = Validator(Setup.SecretOnly);
        var payload = Tokens.Claims().ToJsonString().TrimEnd('}') + ",\"aud\":" + value + "}";
        Assert.Null(validator.ValidateFastOnly(TokenCase.Sign("{\"alg\":\"HS256\"}", payload, Tokens.Secret, 32)));
    }

    public enum Setup
    {
        SecretOnly,
        IssuerAudienceTwoSecrets,
        SecretAndPublicKey,
    }

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));

    /// <summary>
    /// One token through both paths: "fast" when the fast path accepted (and agreed), "handler-accepted" when only the
    /// full path accepted, "refused" otherwise; throws on any disagreement.
    /// </summary>
    private static async ValueTask<string> CompareAsync(JwtValidator validator, string token)
    {
        var fast = validator.ValidateFastOnly(token);
        var (full, fullEntry) = await validator.ValidateWithHandlerAsync(token, CancellationToken.None);
        var (combined, _) = await validator.ValidateUncachedAsync(token, CancellationToken.None);
        if (combined.Failure != full.Failure || (combined.Principal is null) != (full.Principal is null))
        {
            throw new InvalidOperationException($"The validator answered '{combined.Failure}', the handler '{full.Failure}' for {token}");
        }

        if (fast is null)
        {
            return fullEntry is null ? "refused" : "handler-accepted";
        }

        if (fullEntry is null)
        {
            throw new InvalidOperationException($"The fast path accepted what the handler refused ({full.Failure}): {token}");
        }

        var expected = fullEntry.Claims.Select(Show).ToArray();
        var actual = fast.Claims.Select(Show).ToArray();
        if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"Claims differ for {token}\nhandler:\n  {string.Join("\n  ", expected)}\nfast:\n  {string.Join("\n  ", actual)}");
        }

        if (fast.ExpiresAt != fullEntry.ExpiresAt || !ReferenceEquals(fast.KeySet, fullEntry.KeySet))
        {
            throw new InvalidOperationException($"Expiry or key set differ ({fast.ExpiresAt} vs {fullEntry.ExpiresAt}) for {token}");
        }

        var namespaces = fullEntry.Claims.Select(c => c.Value).Concat(["*", "my-model", "a", "b", "elsewhere"]).Distinct();
        foreach (var ns in namespaces)
        {
            foreach (var permission in Enum.GetValues<NamespacePermission>())
            {
                if (fast.Grants.Allows(ns, permission) != fullEntry.Grants.Allows(ns, permission))
                {
                    throw new InvalidOperationException($"Grants differ on {ns}/{permission} for {token}");
                }
            }
        }

        return fast.Grants.IsPlatformAdmin == fullEntry.Grants.IsPlatformAdmin
            ? "fast"
            : throw new InvalidOperationException($"Platform admin differs for {token}");
    }

    private static string Show(System.Security.Claims.Claim c) =>
        $"{c.Type} = {c.Value} ({c.ValueType}; {c.Issuer}; {c.OriginalIssuer}; {c.Properties.Count} properties)";

    private static JwtValidator Validator(Setup setup)
    {
        var options = new GlyphhAuthOptions();
        options.Jwt.SecretKey = Tokens.Secret;
        options.Jwt.TokenCacheSize = 0;
        switch (setup)
        {
            case Setup.IssuerAudienceTwoSecrets:
                options.Jwt.Issuer = Issuer;
                options.Jwt.Audience = Audience;
                options.Jwt.RequireSubject = false;
                options.Jwt.ValidAlgorithms = ["HS256", "HS384", "HS512", "RS256"];
                break;
            case Setup.SecretAndPublicKey:
                options.Jwt.PublicKeys = [Rsa.ExportSubjectPublicKeyInfoPem()];
                options.Jwt.ClockSkew = TimeSpan.Zero;
                break;
        }

        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var time = new FakeTimeProvider(Tokens.Now);
        var keys = new SigningKeys(wrapped);
        if (setup == Setup.IssuerAudienceTwoSecrets)
        {
            // A second symmetric key (and an asymmetric one) in force: the handler tries them all.
            keys.SetJwks([new RsaSecurityKey(Rsa.ExportParameters(false)), new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecondSecret))]);
        }

        var jwks = new JwksRefresher(new NoHttp(), keys, wrapped, time, NullLogger<JwksRefresher>.Instance);
        return new JwtValidator(wrapped, keys, jwks, time);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No JWKS here.");
    }

    /// <summary>Makes one token from a seed: mostly well formed, with one or more of the hostile or unusual variations.</summary>
    private static class TokenCase
    {
        private static readonly long Now = Tokens.Now.ToUnixTimeSeconds();

        private static readonly string[] Names =
        [
            "role", "scope", "x", "\u00fcn\u00efc\u00f6de", "", "a\\\"b", "\\u0072ole", "jti", "azp", "iat",
            "http://schemas.xmlsoap.org/ws/2009/09/identity/claims/actor", "email", "groups", "tid",
        ];

        private static readonly string[] Values =
        [
            "\"admin\"", "\"\"", "\" \"", "\"2026-01-15T12:00:00.0000000Z\"", "\"2026-01-15T12:00:00Z\"", "\"2026-01-15\"",
            "\"12:00\"", "\"abcdefghijklmnopqrstuvwxyz01\"", "\"\\u00e9t\\u00e9 \\ud83d\\ude00\"", "\"tab\\tnew\\nline\"",
            "\"a\\/b\"", "0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
            "9223372036854775808", "18446744073709551616", "123456789012345678901234567890", "1.5", "-0", "-0.0", "1e3",
            "1E+2", "0.1", "1e400", "1e-400", "3.0", "true", "false", "null", "{}", "[]", "{\"k\":[1,{\"z\":null}]}",
            "{ \"a\" : 1 ,\n \"b\":\"2\" }", "[\"a\",\"b\"]", "[1,\"x\",true,null,{\"o\":1},[2,3],1.25,4294967296]",
            "[[]]", "[\"2026-01-15T12:00:00.0000000Z\"]", "\"1768478400\"",
        ];

        /// <summary>Half the cases are clean (well formed, signed with a key in force, varied only in benign ways), half hostile.</summary>
        public static string Make(Random r, Setup setup)
        {
            var clean = r.Next(2) == 0;
            var alg = clean
                ? (setup == Setup.IssuerAudienceTwoSecrets ? Pick(r, (2, "HS256"), (1, "HS384"), (1, "HS512")) : "HS256")
                : Pick(r, (8, "HS256"), (2, "HS384"), (2, "HS512"), (1, "RS256"), (1, "none"), (1, "hs256"), (1, "ES256"));
            var header = Header(r, alg, clean);
            var payload = Payload(r, setup, clean);
            var secret = clean
                ? (setup == Setup.IssuerAudienceTwoSecrets && r.Next(2) == 0 ? SecondSecret : Tokens.Secret)
                : Pick(r, (12, Tokens.Secret), (2, SecondSecret), (2, WrongSecret), (1, "short-key"));
            var hashBytes = Pick(r, (clean ? 1 : 12, alg switch { "HS384" => 48, "HS512" => 64, _ => 32 }), (clean ? 0 : 1, 32), (clean ? 0 : 1, 64));
            if (clean)
            {
                return Assemble(r, Encode(r, header, clean), Encode(r, payload, clean), input => Hmac(secret, hashBytes, input), clean);
            }

            if (alg == "RS256" && r.Next(2) == 0)
            {
                return Assemble(r, Encode(r, header, clean), Encode(r, payload, clean), input => Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), clean);
            }

            if (alg == "none" && r.Next(2) == 0)
            {
                return Encode(r, header, clean) + "." + Encode(r, payload, clean) + ".";
            }

            return Assemble(r, Encode(r, header, clean), Encode(r, payload, clean), input => Hmac(secret, hashBytes, input), clean);
        }

        public static string Sign(string header, string payload, string secret, int hashBytes)
        {
            var input = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload));
            return input + "." + Base64UrlEncoder.Encode(Hmac(secret, hashBytes, Encoding.ASCII.GetBytes(input)));
        }

        private static byte[] Hmac(string secret, int hashBytes, byte[] input)
        {
            var key = Encoding.UTF8.GetBytes(secret);
            return hashBytes switch
            {
                48 => HMACSHA384.HashData(key, input),
                64 => HMACSHA512.HashData(key, input),
                _ => HMACSHA256.HashData(key, input),
            };
        }

        private static string Header(Random r, string alg, bool clean)
        {
            var members = new List<string> { $"\"alg\":\"{alg}\"" };
            if (r.Next(3) > 0)
            {
                members.Add(Pick(r, (6, "\"typ\":\"JWT\""), (1, "\"typ\":\"at+jwt\""), (clean ? 0 : 1, "\"typ\":5")));
            }

            if (r.Next(4) == 0)
            {
                members.Add(Pick(r, (3, "\"kid\":\"key-1\""), (1, "\"kid\":\"\""), (clean ? 0 : 1, "\"kid\":null")));
            }

            if (!clean && r.Next(10) == 0)
            {
                members.Add(Pick(r, (1, "\"crit\":[\"exp\"]"), (1, "\"cty\":\"JWT\""), (1, "\"zip\":\"DEF\""), (1, "\"jku\":\"https://x\""),
                    (1, "\"x5c\":[]"), (1, "\"enc\":\"A128GCM\""), (1, "\"b64\":false"), (1, $"\"alg\":\"{alg}\""), (1, "\"typ\":\"JWT\"")));
            }

            if (r.Next(15) == 0)
            {
                members[0] = clean ? $"\"\\u0061lg\":\"{alg}\"" : Pick(r, (1, $"\"\\u0061lg\":\"{alg}\""), (1, "\"alg\":null"), (1, "\"alg\":256"), (1, "\"x\":1"));
            }

            Shuffle(r, members);
            return !clean && r.Next(25) == 0
                ? Pick(r, (1, "[]"), (1, "\"x\""), (1, "{"), (1, "{\"alg\":\"HS256\"} x"), (1, ""))
                : Json(r, members);
        }

        private static string Payload(Random r, Setup setup, bool clean)
        {
            var members = new List<string>();
            var strict = setup == Setup.IssuerAudienceTwoSecrets;

            // Clean: the required claims present, each of its first (valid) values; the rest as in hostile cases.
            void Add(int inTen, string name, int valid, params (int Weight, string Value)[] values)
            {
                if (clean ? inTen >= 10 || (strict && name is "iss" or "aud") || r.Next(10) < inTen : r.Next(10) < inTen)
                {
                    members.Add($"\"{name}\":{Pick(r, clean ? values[..valid] : values)}");
                }
            }

            Add(10, "sub", 2, (10, "\"user-123\""), (1, "\"\\u0075ser\""), (1, "\"\""), (1, "\" \""), (1, "42"), (1, "null"));
            Add(12, "exp", 2, (10, $"{Now + 3600}"), (2, $"{Now - 29}"), (2, $"{Now - 31}"), (2, $"{Now - 30}"), (1, $"{Now}"),
                (1, $"{Now + 3600}.5"), (1, $"\"{Now + 3600}\""), (1, "1e20"), (1, "-5"), (1, "253402214400"), (1, "253402214401"),
                (1, "1.8e9"), (1, "null"));
            Add(3, "nbf", 3, (3, $"{Now - 60}"), (2, $"{Now + 29}"), (2, $"{Now + 30}"), (2, $"{Now + 31}"), (1, $"{Now}.9"),
                (1, "\"0\""));
            Add(6, "iat", 1, (6, $"{Now}"), (1, $"{Now}.25"), (1, $"\"{Now}\""), (1, "null"));
            Add(strict ? 8 : 4, "iss", 2, (8, $"\"{Issuer}\""), (1, "\"https:\\/\\/issuer.example\""),
                (2, "\"https://other.example\""), (1, "\" \""), (1, "null"), (1, $"[\"{Issuer}\"]"), (1, $"\"{Issuer}/\""));
            Add(strict ? 8 : 3, "aud", 2, (6, $"\"{Audience}\""), (3, $"[\"api://other\",\"{Audience}\"]"), (2, "\"api://other\""), (1, "[\"api://other\"]"), (1, "[]"), (1, $"[null,\"{Audience}\"]"), (1, "5"),
                (1, "null"), (1, $"\"{Audience}/\""), (1, $"[\"{Audience}\",\"{Audience}\"]"));
            Add(6, "namespaces", 3, (6, "[\"my-model\",\"a\"]"), (2, "[\"*\"]"), (1, "[]"), (1, "\"my-model\""), (1, "[1]"));
            Add(7, "permissions", 3, (6, "{\"my-model\":[\"read\",\"write\"]}"), (2, "{\"*\":[\"admin\"]}"),
                (1, "{\"a\":[\"read\"],\"a\":[\"write\"]}"), (1, "{\"a\":[\"fly\"]}"), (1, "[]"), (1, "{\"\":[\"read\"]}"));
            var extra = r.Next(4) == 0 ? 0 : r.Next(1, 6);
            for (var i = 0; i < extra; i++)
            {
                members.Add($"\"{Names[r.Next(Names.Length)]}\":{Values[r.Next(Values.Length)]}");
            }

            if (!clean && members.Count > 0 && r.Next(12) == 0)
            {
                // A duplicate member, same or another value.
                var copy = members[r.Next(members.Count)];
                members.Add(r.Next(2) == 0 ? copy : copy[..(copy.IndexOf(':') + 1)] + Values[r.Next(Values.Length)]);
            }

            Shuffle(r, members);
            return !clean && r.Next(30) == 0
                ? Pick(r, (1, "[1]"), (1, "\"x\""), (1, ""), (1, Json(r, members) + " x"), (1, "\uFEFF" + Json(r, members)), (1, Json(r, members)[..^1]))
                : Json(r, members);
        }

        private static string Json(Random r, List<string> members)
        {
            string Space() => r.Next(8) == 0 ? Pick(r, (1, " "), (1, "\n"), (1, "\t "), (1, "\r\n")) : "";
            return Space() + "{" + Space() + string.Join("," + Space(), members.Select(m => m.Replace("\":", "\":" + Space(), StringComparison.Ordinal)))
                + Space() + "}" + Space();
        }

        /// <summary>Base64url of the UTF-8, mostly canonical; sometimes padded, with stray bits, '+'/'/', or a lone surrogate byte.</summary>
        private static string Encode(Random r, string json, bool clean)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            if (clean)
            {
                return Base64UrlEncoder.Encode(bytes);
            }

            if (r.Next(60) == 0 && bytes.Length > 2)
            {
                bytes[r.Next(bytes.Length)] = 0xFF;
            }

            var text = Base64UrlEncoder.Encode(bytes);
            return r.Next(30) switch
            {
                0 => text + new string('=', (4 - (text.Length % 4)) % 4 + (r.Next(3) == 0 ? 1 : 0)),
                1 => StrayBits(text),
                2 => Convert.ToBase64String(bytes).TrimEnd('='),
                3 => text.Insert(r.Next(text.Length), Pick(r, (1, " "), (1, "\n"), (1, "~"))),
                _ => text,
            };
        }

        /// <summary>Sets an unused low bit of the last character (a non-canonical spelling of the same bytes).</summary>
        private static string StrayBits(string text)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            if (text.Length % 4 is not (2 or 3))
            {
                return text;
            }

            var sextet = alphabet.IndexOf(text[^1], StringComparison.Ordinal);
            return sextet % 2 == 0 ? text[..^1] + alphabet[sextet + 1] : text;
        }

        /// <summary>Signs the parts as they are spelled, then sometimes tampers with the result or its shape.</summary>
        private static string Assemble(Random r, string header, string payload, Func<byte[], byte[]> sign, bool clean)
        {
            var input = header + "." + payload;
            var signature = Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(input)));
            var token = input + "." + signature;
            return clean ? token : r.Next(14) switch
            {
                0 => Flip(r, token, 0, header.Length),
                1 => Flip(r, token, header.Length + 1, payload.Length),
                2 => Flip(r, token, input.Length + 1, signature.Length),
                3 => token + Pick(r, (1, "."), (1, ".x"), (1, "="), (1, "A")),
                4 => Pick(r, (1, "." + payload + "." + signature), (1, header + ".." + signature), (1, input + "."),
                    (1, header + "." + payload + "." + signature[..^1]), (1, signature + "." + input)),
                _ => token,
            };
        }

        private static string Flip(Random r, string token, int start, int length)
        {
            if (length == 0)
            {
                return token;
            }

            var i = start + r.Next(length);
            var c = token[i] == 'A' ? 'B' : 'A';
            return token[..i] + c + token[(i + 1)..];
        }

        private static T Pick<T>(Random r, params (int Weight, T Value)[] choices)
        {
            var n = r.Next(choices.Sum(c => c.Weight));
            foreach (var (weight, value) in choices)
            {
                if ((n -= weight) < 0)
                {
                    return value;
                }
            }

            return choices[^1].Value;
        }

        private static void Shuffle(Random r, List<string> items)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = r.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
