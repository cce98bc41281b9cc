namespace Glyphh.Licensing;

/// <summary>What survives a restart. The receipt is re-verified on load, so editing it gains nothing.</summary>
public sealed class PersistedLicenseState
{
    /// <summary>Which license the state belongs to (a hash of the key or the license id); state of another license is ignored.</summary>
    public required string LicenseIdentity { get; init; }

    /// <summary>The last good receipt (DER CMS), if any.</summary>
    public byte[]? LastReceipt { get; init; }

    /// <summary>The highest time seen (local clock or server time).</summary>
    public DateTimeOffset HighWaterMark { get; init; }
}
