namespace Glyphh.Licensing;

/// <summary>What the running product expects of a license.</summary>
public sealed class LicenseVerificationContext
{
    /// <summary>The running product; the license's <c>product</c> must equal it (ordinal).</summary>
    public required string Product { get; init; }

    /// <summary>The running deployment mode; the license's <c>mode</c> must equal it.</summary>
    /// <value><see langword="null"/>: any mode.</value>
    public DeploymentMode? Mode { get; init; }

    /// <summary>This machine's fingerprint (see <see cref="MachineFingerprint"/>), checked when the license is machine-bound.</summary>
    /// <value><see langword="null"/>: a machine-bound license is refused as <see cref="LicenseVerificationStatus.WrongMachine"/>.</value>
    public string? MachineFingerprint { get; init; }

    /// <summary>How far <c>not_before</c> may be ahead of this clock (the issuer's clock may run ahead).</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ClockSkewTolerance { get; init; } = TimeSpan.FromMinutes(5);
}
