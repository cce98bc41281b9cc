using System.Text;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Network.Internal;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Options.Internal;

/// <summary>Cross-field rules; each message names the key (and the variable <c>AddGlyphhAuthEnvironmentVariables</c> maps to it, if any).</summary>
internal sealed class GlyphhAuthOptionsRules : IValidateOptions<GlyphhAuthOptions>
{
    private const string Prefix = GlyphhAuthOptions.SectionName + ":";

    private static readonly (string Algorithm, int Bytes)[] HmacKeySizes = [("HS384", 48), ("HS512", 64)];

    public ValidateOptionsResult Validate(string? name, GlyphhAuthOptions options)
    {
        var failures = new List<string>();
        var jwt = options.Jwt;
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Prefix}Mode (AUTH_MODE) must be None, Jwt, ApiKey or Both.");
        }

        var jwtOn = options.Mode is AuthMode.Jwt or AuthMode.Both;
        if (jwt.SecretKey is { } secret)
        {
            var bytes = Encoding.UTF8.GetByteCount(secret);
            if (bytes < 32)
            {
                failures.Add($"{Prefix}Jwt:SecretKey (JWT_SECRET_KEY) must be at least 256 bits (32 bytes); it has {bytes} bytes. Generate one with 'openssl rand -hex 32'.");
            }
        }
        else if (jwtOn && jwt.PublicKeys.Count == 0 && jwt.JwksUrl is null)
        {
            failures.Add($"{Prefix}Jwt:SecretKey (JWT_SECRET_KEY, read when the host calls AddGlyphhAuthEnvironmentVariables()) is required when {Prefix}Mode (AUTH_MODE) is {options.Mode} (or set {Prefix}Jwt:PublicKeys or {Prefix}Jwt:JwksUrl).");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}Jwt:ClockSkew must be between 00:00:00 and 00:05:00.");
        }

        if (jwt.JwksRefreshInterval < TimeSpan.FromSeconds(1) || jwt.JwksRefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}Jwt:JwksRefreshInterval must be between 00:00:01 and 1.00:00:00.");
        }

        if (jwt.JwksMinimumRefreshInterval < TimeSpan.Zero || jwt.JwksMinimumRefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}Jwt:JwksMinimumRefreshInterval must be between 00:00:00 and 01:00:00.");
        }

        for (var i = 0; i < jwt.PublicKeys.Count; i++)
        {
            if (SigningKeys.ReadPublicKey(jwt.PublicKeys[i], out var error) is null)
            {
                failures.Add($"{Prefix}Jwt:PublicKeys:{i} {error}.");
            }
        }

        if (jwt.JwksUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{Prefix}Jwt:JwksUrl must be an absolute http(s) URL.");
        }

        foreach (var algorithm in jwt.ValidAlgorithms)
        {
            if (!SigningKeys.Supported.Contains(algorithm))
            {
                failures.Add($"{Prefix}Jwt:ValidAlgorithms contains '{algorithm}'; allowed are {string.Join(", ", SigningKeys.Supported)} ('none' never).");
            }
        }

        // The token handler refuses an HMAC key shorter than the hash (IDX10720): such tokens could never verify.
        if (jwt.SecretKey is { } hmacSecret && Encoding.UTF8.GetByteCount(hmacSecret) is var secretBytes and >= 32)
        {
            foreach (var (algorithm, needed) in HmacKeySizes)
            {
                if (secretBytes < needed && jwt.ValidAlgorithms.Contains(algorithm))
                {
                    failures.Add($"{Prefix}Jwt:ValidAlgorithms accepts {algorithm}, which needs a key of at least {needed * 8} bits ({needed} bytes); JWT_SECRET_KEY has {secretBytes} bytes, so no {algorithm} token could be verified. Use a longer secret ('openssl rand -hex {needed}') or remove {algorithm}.");
                }
            }
        }

        if (jwtOn && SigningKeys.ResolveAlgorithms(jwt).Count == 0)
        {
            failures.Add($"{Prefix}Jwt:ValidAlgorithms is empty and no key is configured to derive it from.");
        }

        if (options.ProblemTypeBaseUri is { IsAbsoluteUri: false })
        {
            failures.Add($"{Prefix}ProblemTypeBaseUri must be an absolute URI, for example https://glyphh.dev/problems/.");
        }

        if (string.IsNullOrWhiteSpace(options.NamespaceRouteValue))
        {
            failures.Add($"{Prefix}NamespaceRouteValue must name a route value.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (key is null)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(key.Name) && !names.Add(key.Name))
            {
                failures.Add($"{Prefix}ApiKeys:{i}:Name '{key.Name}' is used by another key.");
            }

            if (!string.IsNullOrEmpty(key.Sha256) && !hashes.Add(key.Sha256))
            {
                failures.Add($"{Prefix}ApiKeys:{i}:Sha256 is the same as another key's.");
            }

            if (!GrantsParser.TryParse(key.Permissions, out _, out var error))
            {
                failures.Add($"{Prefix}ApiKeys:{i}:Permissions: {error}.");
            }
        }

        if (options.Mode == AuthMode.ApiKey && options.ApiKeys.Count == 0)
        {
            failures.Add($"{Prefix}ApiKeys is empty but {Prefix}Mode (AUTH_MODE) is ApiKey: no request could authenticate.");
        }

        foreach (var (list, entries) in options.IpAllowlists)
        {
            Cidrs(failures, $"{Prefix}IpAllowlists:{list}", entries ?? []);
        }

        Cidrs(failures, $"{Prefix}TrustedProxies", options.TrustedProxies);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Cidrs(List<string> failures, string key, IList<string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!CidrList.TryParse(entries[i], out _))
            {
                failures.Add($"{key}:{i} '{entries[i]}' is not an IP address or CIDR range.");
            }
        }
    }
}
