using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Glyphh.Fuzz.Tests.Support;

/// <summary>Mints JWTs byte by byte so the suites control every header and claim, hostile ones included.</summary>
internal static class Jwt
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Hs256(string headerJson, string payloadJson, string secret = AuthHost.Secret)
    {
        var input = Encode(headerJson) + "." + Encode(payloadJson);
        return input + "." + Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input)));
    }

    public static JsonObject Claims(long exp, string ns = "m1", params string[] verbs) => new()
    {
        ["sub"] = "fuzz-user",
        ["exp"] = exp,
        ["namespaces"] = new JsonArray(ns),
        ["permissions"] = new JsonObject { [ns] = new JsonArray([.. verbs.Select(v => JsonValue.Create(v))]) },
    };

    /// <summary>Decodes a segment leniently (as any base64url decoder could); null when it is not base64url at all.</summary>
    public static byte[]? TryDecode(string segment)
    {
        var text = segment.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Whether a (mutated) token carries exactly the bytes of the original: header, payload and signature.</summary>
    public static bool SameBytes(string candidate, string original)
    {
        var a = candidate.Split('.');
        var b = original.Split('.');
        if (a.Length != 3)
        {
            return false;
        }
        for (var i = 0; i < 3; i++)
        {
            var x = TryDecode(a[i]);
            var y = TryDecode(b[i]);
            if (x is null || y is null || !x.AsSpan().SequenceEqual(y))
            {
                return false;
            }
        }
        return true;
    }
}
