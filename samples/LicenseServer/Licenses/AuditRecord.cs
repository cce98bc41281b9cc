namespace Glyphh.LicenseServer.Licenses;

/// <summary>One admin change: who (key name or hash prefix), what, when, on which license.</summary>
internal sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string? LicenseId, string Detail);
