namespace Glyphh.Licensing;

/// <summary>The one exception type of Glyphh.Licensing, with a stable <see cref="ErrorCode"/>.</summary>
public sealed class GlyphhLicensingException : Exception
{
    /// <summary>Error code: a root certificate could not be read.</summary>
    public const string InvalidRootCertificate = "invalid-root-certificate";

    /// <summary>Error code: claims or a receipt are inconsistent and cannot be issued.</summary>
    public const string InvalidClaims = "invalid-claims";

    /// <summary>Error code: a signing certificate cannot sign (no private key, missing usage, unsupported key).</summary>
    public const string InvalidSigningCertificate = "invalid-signing-certificate";

    /// <summary>Error code: the license configuration cannot be read (file missing, unreadable).</summary>
    public const string InvalidConfiguration = "invalid-configuration";

    /// <summary>Creates the exception.</summary>
    public GlyphhLicensingException()
        : this(InvalidConfiguration, "A licensing error occurred.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public GlyphhLicensingException(string message)
        : this(InvalidConfiguration, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GlyphhLicensingException(string message, Exception innerException)
        : this(InvalidConfiguration, message, innerException)
    {
    }

    /// <summary>Creates the exception with an error code.</summary>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GlyphhLicensingException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The stable error code.</summary>
    public string ErrorCode { get; }
}
