namespace Glyphh.Licensing.Internal;

/// <summary>The snapshots of the two modes that check no license: their limits are the host's defaults.</summary>
internal static class ModeSnapshots
{
    public static LicenseSnapshot Local(GlyphhLicensingOptions options, DateTimeOffset now)
    {
        var limits = EffectiveLimits.Combine(options.LocalLimits, null);
        return new(LicenseStatus.Unlicensed, DeploymentMode.Local, limits, $"Local mode: no license required; limits: {limits}.", now);
    }

    public static LicenseSnapshot Cloud(GlyphhLicensingOptions options, DateTimeOffset now)
    {
        var limits = EffectiveLimits.Combine(options.CloudLimits, null);
        return new(LicenseStatus.Unlicensed, DeploymentMode.Cloud, limits, $"Cloud mode: no license check; limits: {limits}.", now);
    }
}
