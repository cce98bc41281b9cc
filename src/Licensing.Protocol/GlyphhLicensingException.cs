namespace Glyphh.Licensing;

/// <summary>The one exception type of Glyphh licensing (Glyphh.Licensing, its Protocol and Issuing packages), with a stable <see cref="ErrorCode"/> (one of <see cref="LicensingErrorCodes"/>).</summary>
public sealed class GlyphhLicensingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GlyphhLicensingException()
        : this(LicensingErrorCodes.InvalidConfiguration, "A licensing error occurred.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public GlyphhLicensingException(string message)
        : this(LicensingErrorCodes.InvalidConfiguration, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GlyphhLicensingException(string message, Exception innerException)
        : this(LicensingErrorCodes.InvalidConfiguration, message, innerException)
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
