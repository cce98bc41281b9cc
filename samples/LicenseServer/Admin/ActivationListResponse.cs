namespace Glyphh.LicenseServer.Admin;

/// <summary>The machines of a license and how many hold a seat.</summary>
internal sealed record ActivationListResponse(IReadOnlyList<ActivationResponse> Items, int Active, int? MaxMachines);
