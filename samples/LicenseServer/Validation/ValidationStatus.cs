namespace Glyphh.LicenseServer.Validation;

/// <summary>The server's verdict on one validation request.</summary>
internal enum ValidationStatus
{
    Valid,
    Revoked,
    Suspended,
    Expired,
    Unknown,
    TooManyMachines,
}
