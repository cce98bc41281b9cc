namespace Glyphh.Quotas;

/// <summary>A quota operation failed; <see cref="Code"/> says why.</summary>
public sealed class QuotaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A message naming the offending value.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public QuotaException(QuotaErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Creates the exception for a refused reservation (code <see cref="QuotaErrorCode.QuotaExceeded"/>).</summary>
    /// <param name="denial">The refusal.</param>
    public QuotaException(QuotaDenial denial)
        : base((denial ?? throw new ArgumentNullException(nameof(denial))).ToString())
    {
        Code = QuotaErrorCode.QuotaExceeded;
        Denial = denial;
    }

    /// <summary>The stable error code.</summary>
    public QuotaErrorCode Code { get; }

    /// <summary>The refusal when <see cref="Code"/> is <see cref="QuotaErrorCode.QuotaExceeded"/>; otherwise <see langword="null"/>.</summary>
    public QuotaDenial? Denial { get; }
}
