namespace Glyphh.LicenseServer.Licenses;

/// <summary>One page of licenses and the total that matched.</summary>
internal sealed record LicensePage(IReadOnlyList<LicenseRecord> Items, long Total);
