namespace Glyphh.LicenseServer.Admin;

/// <summary>One machine of a license; <c>active</c> is whether it still holds a seat.</summary>
internal sealed record ActivationResponse(
    string Id, string FingerprintHash, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? LastVersion, bool Active);
