namespace Glyphh.LicenseServer.Admin;

/// <summary>Optional body of suspend, reinstate and revoke: why, kept in the license and the audit trail.</summary>
internal sealed class StateChangeRequest
{
    public string? Reason { get; set; }
}
