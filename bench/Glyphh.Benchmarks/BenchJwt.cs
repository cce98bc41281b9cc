using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Benchmarks;

/// <summary>The HS256 secret, tokens and stock JwtBearer validation every auth benchmark shares.</summary>
internal static class BenchJwt
{
    public const string Secret = "bench-secret-0123456789abcdef0123456789abcdef";

    /// <summary>A two-hour token with read and write on <paramref name="namespace"/>.</summary>
    public static string Mint(string sub, string @namespace)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["namespaces"] = new[] { @namespace },
            ["permissions"] = new Dictionary<string, string[]> { [@namespace] = ["read", "write"] },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(2).ToUnixTimeSeconds(),
        });
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256);
        return new JsonWebTokenHandler().CreateToken(payload, credentials);
    }

    /// <summary>JwtBearer set to validate as Glyphh does: HS256 only, exp required, 30 s skew, no claim mapping.</summary>
    public static TokenValidationParameters BearerParameters() => new()
    {
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = false,
        ValidateAudience = false,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "sub",
    };
}
