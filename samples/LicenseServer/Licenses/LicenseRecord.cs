namespace Glyphh.LicenseServer.Licenses;

/// <summary>A license as stored. The online key itself is never stored, only its SHA-256 hash and last characters.</summary>
internal sealed record LicenseRecord
{
    public required string Id { get; init; }

    public required string KeyHash { get; init; }

    public required string KeyHint { get; init; }

    public required string Customer { get; init; }

    public required string Product { get; init; }

    public required string Mode { get; init; }

    public required IReadOnlyDictionary<string, long> Limits { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    public int? MaxMachines { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required int RevalidateHours { get; init; }

    public required int GraceDays { get; init; }

    public required LicenseState State { get; init; }

    public string? StateReason { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required string LicenseFile { get; init; }
}
