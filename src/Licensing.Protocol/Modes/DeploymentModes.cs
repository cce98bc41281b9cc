namespace Glyphh.Licensing;

/// <summary>Parses and formats <see cref="DeploymentMode"/> the way <c>DEPLOYMENT_MODE</c> spells it.</summary>
public static class DeploymentModes
{
    /// <summary>
    /// Parses <c>local</c>, <c>self-hosted</c> (also <c>self_hosted</c>, <c>selfhosted</c>) or <c>cloud</c>,
    /// case-insensitively, ignoring surrounding white space.
    /// </summary>
    /// <param name="value">The configured text.</param>
    /// <param name="mode">The parsed mode.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> names a mode.</returns>
    public static bool TryParse(string? value, out DeploymentMode mode)
    {
        var text = value.AsSpan().Trim();
        if (text.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            mode = DeploymentMode.Local;
            return true;
        }

        if (text.Equals("self-hosted", StringComparison.OrdinalIgnoreCase)
            || text.Equals("self_hosted", StringComparison.OrdinalIgnoreCase)
            || text.Equals("selfhosted", StringComparison.OrdinalIgnoreCase))
        {
            mode = DeploymentMode.SelfHosted;
            return true;
        }

        if (text.Equals("cloud", StringComparison.OrdinalIgnoreCase))
        {
            mode = DeploymentMode.Cloud;
            return true;
        }

        mode = default;
        return false;
    }

    /// <summary>The contract spelling of a mode: <c>local</c>, <c>self-hosted</c> or <c>cloud</c>.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The name used in configuration, license claims and JSON.</returns>
    public static string ToName(this DeploymentMode mode) => mode switch
    {
        DeploymentMode.Local => "local",
        DeploymentMode.SelfHosted => "self-hosted",
        DeploymentMode.Cloud => "cloud",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown deployment mode."),
    };
}
