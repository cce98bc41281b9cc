namespace Glyphh.Quotas;

/// <summary>
/// Stable error codes of <see cref="QuotaException.ErrorCode"/>; each is also the last segment of the problem
/// <c>type</c> the HTTP answers carry (<see cref="GlyphhQuotasOptions.ProblemTypeBaseUri"/> + code).
/// </summary>
public static class QuotaErrorCodes
{
    /// <summary>The namespace name is empty, too long or has characters outside the allowed set (see <see cref="QuotaNamespace"/>).</summary>
    public const string InvalidNamespace = "invalid-namespace";

    /// <summary>The resource is not one the host declared.</summary>
    public const string UnknownResource = "unknown-resource";

    /// <summary>An amount or usage is outside its range.</summary>
    public const string InvalidAmount = "invalid-amount";

    /// <summary>A limit is negative or above <see cref="QuotaLimit.MaxValue"/>.</summary>
    public const string InvalidLimit = "invalid-limit";

    /// <summary>A usage would pass <see cref="QuotaLimit.MaxValue"/>, even for an unlimited resource; see <see cref="QuotaException.Overflow"/>.</summary>
    public const string Overflow = "quota-overflow";

    /// <summary>A reservation was refused; <see cref="QuotaException.Denial"/> says which limit (HTTP 403).</summary>
    public const string QuotaExceeded = "quota-exceeded";

    /// <summary>The usage store could not be reached or answered with an error; nothing was granted (HTTP 503).</summary>
    public const string StoreUnavailable = "quota-unavailable";

    /// <summary>The namespace does not exist, as the host's namespace check says (HTTP 404).</summary>
    public const string NamespaceNotFound = "namespace-not-found";

    /// <summary>The request is invalid; the problem's <c>errors</c> member lists the fields (HTTP 400).</summary>
    public const string Validation = "validation";
}
