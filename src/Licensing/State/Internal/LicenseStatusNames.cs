namespace Glyphh.Licensing.Internal;

internal static class LicenseStatusNames
{
    public static readonly LicenseStatus[] All = Enum.GetValues<LicenseStatus>();

    public static string ToName(this LicenseStatus status) => status switch
    {
        LicenseStatus.Unlicensed => "unlicensed",
        LicenseStatus.Valid => "valid",
        LicenseStatus.Expiring => "expiring",
        LicenseStatus.Grace => "grace",
        LicenseStatus.Expired => "expired",
        LicenseStatus.Invalid => "invalid",
        _ => "unknown",
    };
}
