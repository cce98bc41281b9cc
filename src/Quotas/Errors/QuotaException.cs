namespace Glyphh.Quotas;

/// <summary>A quota operation failed; <see cref="ErrorCode"/> says why.</summary>
public sealed class QuotaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The stable error code, one of <see cref="QuotaErrorCodes"/>.</param>
    /// <param name="message">A message naming the offending value.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public QuotaException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception for a refused reservation (code <see cref="QuotaErrorCodes.QuotaExceeded"/>).</summary>
    /// <param name="denial">The refusal.</param>
    public QuotaException(QuotaDenial denial)
        : base((denial ?? throw new ArgumentNullException(nameof(denial))).ToString())
    {
        ErrorCode = QuotaErrorCodes.QuotaExceeded;
        Denial = denial;
    }

    /// <summary>Creates the exception for a reservation that would overflow (code <see cref="QuotaErrorCodes.Overflow"/>).</summary>
    /// <param name="overflow">The overflowing resource.</param>
    public QuotaException(QuotaOverflow overflow)
        : base((overflow ?? throw new ArgumentNullException(nameof(overflow))).ToString())
    {
        ErrorCode = QuotaErrorCodes.Overflow;
        Overflow = overflow;
    }

    /// <summary>The stable error code, one of <see cref="QuotaErrorCodes"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>The refusal when <see cref="ErrorCode"/> is <see cref="QuotaErrorCodes.QuotaExceeded"/>; otherwise <see langword="null"/>.</summary>
    public QuotaDenial? Denial { get; }

    /// <summary>The overflowing resource when a store reported one; otherwise <see langword="null"/>.</summary>
    public QuotaOverflow? Overflow { get; }
}
