using Glyphh.Auth;
using Glyphh.Shared;

namespace Microsoft.Extensions.Configuration;

/// <summary>Maps the deployment variables of Glyphh authentication onto the <c>Glyphh:Auth</c> section.</summary>
public static class GlyphhAuthConfigurationBuilderExtensions
{
    private const string Prefix = GlyphhAuthOptions.SectionName + ":";

    /// <summary>The variables and the keys they set, in the order the README documents them.</summary>
    internal static readonly EnvironmentAlias[] Aliases =
    [
        new("AUTH_MODE", Prefix + nameof(GlyphhAuthOptions.Mode), ParseMode),
        new("JWT_SECRET_KEY", Prefix + "Jwt:" + nameof(GlyphhJwtOptions.SecretKey)),
        new("JWT_ISSUER", Prefix + "Jwt:" + nameof(GlyphhJwtOptions.Issuer)),
        new("JWT_AUDIENCE", Prefix + "Jwt:" + nameof(GlyphhJwtOptions.Audience)),
    ];

    /// <summary>
    /// Sets <c>Glyphh:Auth:Mode</c>, <c>Glyphh:Auth:Jwt:SecretKey</c>, <c>Glyphh:Auth:Jwt:Issuer</c> and <c>Glyphh:Auth:Jwt:Audience</c>
    /// from <c>AUTH_MODE</c>, <c>JWT_SECRET_KEY</c>, <c>JWT_ISSUER</c> and <c>JWT_AUDIENCE</c> when they are set. A set variable wins
    /// over the sources added before this call; call it after the host's other sources, then bind the section with
    /// <c>AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName))</c>.
    /// </summary>
    /// <remarks>
    /// On <c>builder.Configuration</c> (a configuration itself) the variables are read as its top-level keys from the
    /// sources added before the call, which are the environment variables and the command-line arguments of a
    /// <c>WebApplication</c>; on any other builder, from the process environment.
    /// </remarks>
    /// <param name="builder">The configuration builder (<c>builder.Configuration</c>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="GlyphhAuthException"><c>AUTH_MODE</c> is not one of <c>none</c>, <c>jwt</c>, <c>apikey</c>, <c>both</c> (thrown when the source loads).</exception>
    public static IConfigurationBuilder AddGlyphhAuthEnvironmentVariables(this IConfigurationBuilder builder) =>
        builder.AddGlyphhAuthEnvironmentVariables(read: null);

    /// <summary>As <see cref="AddGlyphhAuthEnvironmentVariables(IConfigurationBuilder)"/>, reading the variables through <paramref name="read"/> (tests).</summary>
    internal static IConfigurationBuilder AddGlyphhAuthEnvironmentVariables(this IConfigurationBuilder builder, Func<string, string?>? read)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new EnvironmentAliasConfigurationSource(Aliases, read ?? EnvironmentAliasConfigurationSource.ReaderFor(builder)));
    }

    private static string ParseMode(string value) => value.ToLowerInvariant() switch
    {
        "none" => nameof(AuthMode.None),
        "jwt" => nameof(AuthMode.Jwt),
        "apikey" => nameof(AuthMode.ApiKey),
        "both" => nameof(AuthMode.Both),
        _ => throw new GlyphhAuthException(AuthErrorCodes.InvalidConfiguration, $"AUTH_MODE '{value}' is not one of none, jwt, apikey, both (it sets {Prefix}Mode)."),
    };
}
