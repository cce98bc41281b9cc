using Glyphh.Licensing;
using Glyphh.Shared;

namespace Microsoft.Extensions.Configuration;

/// <summary>Maps the deployment variables of Glyphh licensing onto the <c>Glyphh:Licensing</c> section.</summary>
public static class GlyphhLicensingConfigurationBuilderExtensions
{
    private const string Prefix = GlyphhLicensingOptions.SectionName + ":";

    /// <summary>The variables and the keys they set, in the order the README documents them.</summary>
    internal static readonly EnvironmentAlias[] Aliases =
    [
        new("DEPLOYMENT_MODE", Prefix + nameof(GlyphhLicensingOptions.Mode), ParseMode),
        new("LICENSE_KEY", Prefix + nameof(GlyphhLicensingOptions.LicenseKey)),
        new("LICENSE_FILE", Prefix + nameof(GlyphhLicensingOptions.LicenseFile)),
        new("LICENSE_SERVER_URL", Prefix + nameof(GlyphhLicensingOptions.ServerUrl)),
        new("LICENSE_ROOT_CERT", Prefix + nameof(GlyphhLicensingOptions.RootCertificateFile)),
        new("GLYPHH_DATA_DIR", Prefix + nameof(GlyphhLicensingOptions.DataDirectory)),
        new("GLYPHH_MACHINE_ID", Prefix + nameof(GlyphhLicensingOptions.MachineId)),
    ];

    /// <summary>
    /// Sets <c>Glyphh:Licensing:Mode</c>, <c>LicenseKey</c>, <c>LicenseFile</c>, <c>ServerUrl</c>,
    /// <c>RootCertificateFile</c>, <c>DataDirectory</c> and <c>MachineId</c> from <c>DEPLOYMENT_MODE</c>
    /// (<c>local</c>, <c>self-hosted</c>, <c>cloud</c>), <c>LICENSE_KEY</c>, <c>LICENSE_FILE</c>,
    /// <c>LICENSE_SERVER_URL</c>, <c>LICENSE_ROOT_CERT</c>, <c>GLYPHH_DATA_DIR</c> and <c>GLYPHH_MACHINE_ID</c>
    /// when they are set. A set variable wins over the sources added before this call; call it after the host's
    /// other sources, then bind the section with
    /// <c>AddGlyphhLicensing(builder.Configuration.GetSection(GlyphhLicensingOptions.SectionName))</c>.
    /// </summary>
    /// <remarks>
    /// On <c>builder.Configuration</c> (a configuration itself) the variables are read as its top-level keys from the
    /// sources added before the call, which are the environment variables and the command-line arguments of a
    /// <c>WebApplication</c>; on any other builder, from the process environment.
    /// </remarks>
    /// <param name="builder">The configuration builder (<c>builder.Configuration</c>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="GlyphhLicensingException"><c>DEPLOYMENT_MODE</c> is not <c>local</c>, <c>self-hosted</c> or <c>cloud</c> (thrown when the source loads).</exception>
    public static IConfigurationBuilder AddGlyphhLicensingEnvironmentVariables(this IConfigurationBuilder builder) =>
        builder.AddGlyphhLicensingEnvironmentVariables(read: null);

    /// <summary>As <see cref="AddGlyphhLicensingEnvironmentVariables(IConfigurationBuilder)"/>, reading the variables through <paramref name="read"/> (tests).</summary>
    internal static IConfigurationBuilder AddGlyphhLicensingEnvironmentVariables(this IConfigurationBuilder builder, Func<string, string?>? read)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new EnvironmentAliasConfigurationSource(Aliases, read ?? EnvironmentAliasConfigurationSource.ReaderFor(builder)));
    }

    private static string ParseMode(string value) => DeploymentModes.TryParse(value, out var mode)
        ? mode.ToString()
        : throw new GlyphhLicensingException(LicensingErrorCodes.InvalidConfiguration, $"DEPLOYMENT_MODE '{value}' is not one of local, self-hosted, cloud (it sets {Prefix}Mode).");
}
