namespace Glyphh.Licensing;

/// <summary>
/// What survives a restart. The receipt is re-verified on load (signature, credential, product, machine), so editing it
/// gains nothing; removing it only loses the grace it carried.
/// </summary>
public sealed class PersistedLicenseState
{
    /// <summary>Which credential the state belongs to (<see cref="LicenseCredential"/>); state of another credential is ignored.</summary>
    public required string LicenseIdentity { get; init; }

    /// <summary>The latest receipt (DER CMS): the last good one, or the definitive refusal that came after it.</summary>
    public byte[]? LastReceipt { get; init; }

    /// <summary>License time: the highest of the wall clock, the monotonic time run and the server's time.</summary>
    public DateTimeOffset HighWaterMark { get; init; }
}
