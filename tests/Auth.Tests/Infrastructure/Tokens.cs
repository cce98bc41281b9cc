using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Tests.Infrastructure;

/// <summary>Mints real JWTs byte by byte, so tests control every header and claim (including hostile ones).</summary>
internal static class Tokens
{
    public const string Secret = "test-secret-0123456789abcdef0123456789abcdef";

    public static DateTimeOffset Now { get; } = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static JsonObject Claims(string sub = "user-123", string? ns = "my-model", string[]? verbs = null, TimeSpan? expiresIn = null)
    {
        var payload = new JsonObject
        {
            ["sub"] = sub,
            ["exp"] = (Now + (expiresIn ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
            ["iat"] = Now.ToUnixTimeSeconds(),
        };
        if (ns is not null)
        {
            payload["namespaces"] = new JsonArray(ns);
            payload["permissions"] = new JsonObject { [ns] = new JsonArray([.. (verbs ?? ["read", "write"]).Select(v => JsonValue.Create(v))]) };
        }

        return payload;
    }

    public static JsonObject Permissions(IDictionary<string, string[]> permissions, string[]? namespaces = null, string sub = "user-123")
    {
        var payload = Claims(sub, ns: null);
        if (namespaces is not null)
        {
            payload["namespaces"] = new JsonArray([.. namespaces.Select(n => JsonValue.Create(n))]);
        }

        var obj = new JsonObject();
        foreach (var (ns, verbs) in permissions)
        {
            obj[ns] = new JsonArray([.. verbs.Select(v => JsonValue.Create(v))]);
        }

        payload["permissions"] = obj;
        return payload;
    }

    public static string Hs256(JsonObject payload, string secret = Secret, string alg = "HS256", string? kid = null) =>
        Sign(Header(alg, kid), payload, input => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input));

    public static string Rs256(JsonObject payload, RSA key, string? kid = null) =>
        Sign(Header("RS256", kid), payload, input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Es256(JsonObject payload, ECDsa key, string? kid = null) =>
        Sign(Header("ES256", kid), payload, input => key.SignData(input, HashAlgorithmName.SHA256));

    public static string Unsigned(JsonObject payload) =>
        Encode(Header("none", null)) + "." + Encode(payload) + ".";

    private static JsonObject Header(string alg, string? kid)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    private static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]> sign)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
