namespace Glyphh.LicenseServer.Admin;

/// <summary>Body of <c>POST /api/v1/admin/licenses</c>. Field names are snake_case on the wire.</summary>
internal sealed class CreateLicenseRequest
{
    public string? Customer { get; set; }

    public string? Product { get; set; }

    public string? Mode { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public Dictionary<string, long?>? Limits { get; set; }

    public List<string>? Features { get; set; }

    public int? MaxMachines { get; set; }

    public int? RevalidateHours { get; set; }

    public int? GraceDays { get; set; }

    /// <summary>Binds the offline license file to these machine fingerprints.</summary>
    public List<string>? MachineFingerprints { get; set; }

    /// <summary>Whether the offline license file asks products to call home too (by license id).</summary>
    public bool? OfflineCallHome { get; set; }
}
