using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>Mints HS256 tokens with the runtime's claims (sub, namespaces, permissions, exp), signed with a real key.</summary>
internal static class Jwt
{
    public const string Secret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    public static string Mint(string sub, Dictionary<string, string[]> permissions, TimeSpan? lifetime = null, string secret = Secret)
    {
        var header = new { alg = "HS256", typ = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["namespaces"] = permissions.Keys.ToArray(),
            ["permissions"] = permissions,
            ["exp"] = DateTimeOffset.UtcNow.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + B64(signature);
    }

    public static string Admin() => Mint("admin", new() { ["*"] = ["admin"] });

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
