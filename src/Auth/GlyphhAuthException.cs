namespace Glyphh.Auth;

/// <summary>A failure of Glyphh authentication that code can act on by its stable <see cref="ErrorCode"/>.</summary>
public sealed class GlyphhAuthException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">One of <see cref="AuthErrorCodes"/>.</param>
    /// <param name="message">What failed and how to fix it; never holds a secret.</param>
    public GlyphhAuthException(string errorCode, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception with the code <see cref="AuthErrorCodes.InvalidConfiguration"/>.</summary>
    public GlyphhAuthException()
        : this(AuthErrorCodes.InvalidConfiguration, "The Glyphh authentication set-up is not valid.")
    {
    }

    /// <summary>Creates the exception with the code <see cref="AuthErrorCodes.InvalidConfiguration"/>.</summary>
    /// <param name="message">What failed.</param>
    public GlyphhAuthException(string message)
        : this(AuthErrorCodes.InvalidConfiguration, message)
    {
    }

    /// <summary>Creates the exception with the code <see cref="AuthErrorCodes.InvalidConfiguration"/>.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public GlyphhAuthException(string message, Exception innerException)
        : base(message, innerException) => ErrorCode = AuthErrorCodes.InvalidConfiguration;

    /// <summary>Gets the stable code, one of <see cref="AuthErrorCodes"/>.</summary>
    public string ErrorCode { get; }
}
