namespace Glyphh.LicenseServer.Admin;

/// <summary>One page of the license list.</summary>
internal sealed record LicenseListResponse(IReadOnlyList<LicenseResponse> Items, long Total, int Limit, int Offset);
