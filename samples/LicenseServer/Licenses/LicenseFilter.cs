namespace Glyphh.LicenseServer.Licenses;

/// <summary>Filters and paging of the admin license list.</summary>
internal sealed record LicenseFilter(string? Customer, string? Product, LicenseState? State, int Limit, int Offset);
