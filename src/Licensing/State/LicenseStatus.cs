namespace Glyphh.Licensing;

/// <summary>The license state of the running service.</summary>
public enum LicenseStatus
{
    /// <summary>No license is required (local or cloud mode). Requests are served.</summary>
    Unlicensed = 0,

    /// <summary>The license is valid. Requests are served.</summary>
    Valid = 1,

    /// <summary>The license is valid but expires within the warning window. Requests are served; health is degraded.</summary>
    Expiring = 2,

    /// <summary>Online validation is failing; the grace period runs. Requests are served; health is degraded.</summary>
    Grace = 3,

    /// <summary>The license (or its grace period) has expired. Requests get 503 <c>license-expired</c>.</summary>
    Expired = 4,

    /// <summary>The license is missing, refused, revoked or unverifiable. Requests get 503 <c>license-invalid</c>.</summary>
    Invalid = 5,
}
