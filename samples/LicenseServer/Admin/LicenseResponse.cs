namespace Glyphh.LicenseServer.Admin;

/// <summary>A license as the admin API shows it. The online key is shown only once, at creation; here only its hint.</summary>
internal sealed record LicenseResponse(
    string Id,
    string Customer,
    string Product,
    string Mode,
    string Status,
    string? StatusReason,
    string KeyHint,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, long> Limits,
    IReadOnlyList<string> Features,
    int? MaxMachines,
    int RevalidateHours,
    int GraceDays,
    DateTimeOffset UpdatedAt);
