namespace Glyphh.LicenseServer.Licenses;

/// <summary>What an administrator has set on a license. Expiry is computed from the dates, not stored here.</summary>
internal enum LicenseState
{
    Active,
    Suspended,
    Revoked,
}
