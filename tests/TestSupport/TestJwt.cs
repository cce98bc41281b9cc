using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Glyphh.TestSupport;

/// <summary>Mints HS256 tokens with the claims Glyphh.Auth reads (<c>sub</c>, <c>namespaces</c>, <c>permissions</c>, <c>exp</c>), for tests that drive a host as a client would.</summary>
public static class TestJwt
{
    public static string Mint(string secret, string sub, Dictionary<string, string[]> permissions, TimeSpan? lifetime = null, string? issuer = null)
    {
        var header = new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["namespaces"] = permissions.Keys.ToArray(),
            ["permissions"] = permissions,
            ["exp"] = DateTimeOffset.UtcNow.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        if (issuer is not null)
        {
            payload["iss"] = issuer;
        }

        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        return signingInput + "." + Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>A platform admin: <c>admin</c> on <c>*</c>.</summary>
    public static string PlatformAdmin(string secret) => Mint(secret, "platform-admin", new() { ["*"] = ["admin"] });

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
