namespace Glyphh.Licensing;

/// <summary>
/// The stable error codes of Glyphh licensing: the last segment of a problem's <c>type</c>
/// (Glyphh.Licensing's <c>GlyphhLicensingOptions.ProblemTypeBaseUri</c> plus the code) and <see cref="GlyphhLicensingException.ErrorCode"/>.
/// </summary>
public static class LicensingErrorCodes
{
    /// <summary>503: the license has expired (or its grace period ended).</summary>
    public const string LicenseExpired = "license-expired";

    /// <summary>503: there is no valid license (refused, unverifiable or not yet checked).</summary>
    public const string LicenseInvalid = "license-invalid";

    /// <summary>403: the endpoint needs a feature the license does not carry.</summary>
    public const string FeatureNotLicensed = "feature-not-licensed";

    /// <summary>A setting is missing or malformed.</summary>
    public const string InvalidConfiguration = "invalid-configuration";

    /// <summary>License claims are inconsistent (an issuer refuses to sign them).</summary>
    public const string InvalidClaims = "invalid-claims";

    /// <summary>A root certificate cannot be read or is not a CA.</summary>
    public const string InvalidRootCertificate = "invalid-root-certificate";

    /// <summary>A signing certificate is not fit to sign licenses or receipts.</summary>
    public const string InvalidSigningCertificate = "invalid-signing-certificate";
}
