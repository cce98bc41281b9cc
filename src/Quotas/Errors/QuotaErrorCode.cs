namespace Glyphh.Quotas;

/// <summary>Stable codes of <see cref="QuotaException"/>.</summary>
public enum QuotaErrorCode
{
    /// <summary>The namespace name is empty, too long or has characters outside the allowed set (see <see cref="QuotaNamespace"/>).</summary>
    InvalidNamespace = 1,

    /// <summary>The resource is not one of <see cref="QuotaOptions.DefaultLimits"/>.</summary>
    UnknownResource = 2,

    /// <summary>An amount or usage is negative or above <see cref="QuotaLimit.MaxValue"/>.</summary>
    InvalidAmount = 3,

    /// <summary>A limit is negative or above <see cref="QuotaLimit.MaxValue"/>.</summary>
    InvalidLimit = 4,

    /// <summary>The result would exceed <see cref="QuotaLimit.MaxValue"/>, even for an unlimited resource.</summary>
    Overflow = 5,

    /// <summary>A reservation was refused; <see cref="QuotaException.Denial"/> says which limit.</summary>
    QuotaExceeded = 6,

    /// <summary>The usage store could not be reached or answered with an error; nothing was granted.</summary>
    StoreUnavailable = 7,
}
