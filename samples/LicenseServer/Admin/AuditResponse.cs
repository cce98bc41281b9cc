namespace Glyphh.LicenseServer.Admin;

/// <summary>One audit row.</summary>
internal sealed record AuditResponse(long Id, DateTimeOffset At, string Actor, string Action, string? LicenseId, string Detail);
