namespace Glyphh.LicenseServer.Admin;

/// <summary>The newest audit rows first.</summary>
internal sealed record AuditListResponse(IReadOnlyList<AuditResponse> Items);
