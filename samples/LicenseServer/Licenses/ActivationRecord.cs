namespace Glyphh.LicenseServer.Licenses;

/// <summary>One machine (distinct fingerprint hash) that validated a license.</summary>
internal sealed record ActivationRecord(
    string Id,
    string LicenseId,
    string FingerprintHash,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string? LastVersion);
