namespace Glyphh.Licensing.Internal;

/// <summary>The <c>outcome</c> tag of <c>glyphh.license.validations</c>.</summary>
internal static class ValidationOutcomes
{
    public const string Valid = "valid";
    public const string NetworkError = "network_error";
    public const string ServerError = "server_error";
    public const string MalformedResponse = "malformed_response";
    public const string BadReceipt = "bad_receipt";
    public const string NonceMismatch = "nonce_mismatch";
    public const string WrongLicense = "wrong_license";
    public const string ClockSkew = "clock_skew";

    public static string From(LicenseReceiptStatus status) => status switch
    {
        LicenseReceiptStatus.Valid => Valid,
        LicenseReceiptStatus.Revoked => "revoked",
        LicenseReceiptStatus.Suspended => "suspended",
        LicenseReceiptStatus.Expired => "expired",
        LicenseReceiptStatus.Unknown => "unknown",
        LicenseReceiptStatus.TooManyMachines => "too_many_machines",
        _ => "unknown",
    };
}
