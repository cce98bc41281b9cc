using System.Globalization;
using Glyphh.Quotas.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Glyphh.Quotas;

/// <summary>
/// Problem+json answers for quota failures, written through the host's <c>IProblemDetailsService</c>, for hosts that
/// check a reservation themselves: <c>if (!reservation.IsGranted) return QuotaResults.Exceeded(reservation.Denial);</c>
/// The <c>type</c> is <see cref="GlyphhQuotasOptions.ProblemTypeBaseUri"/> plus a code of <see cref="QuotaErrorCodes"/>.
/// </summary>
public static class QuotaResults
{
    /// <summary>
    /// A 403 <c>quota-exceeded</c> problem with the members <c>namespace</c> (absent for the deployment scope),
    /// <c>resource</c>, <c>limit</c>, <c>usage</c>, <c>requested</c> and <c>limit_source</c> (<c>default</c>,
    /// <c>override</c> or <c>tier</c>); for a tier cap the detail ends with <see cref="GlyphhQuotasOptions.TierCapAdvice"/> when set.
    /// </summary>
    /// <param name="denial">The refusal from <see cref="QuotaReservation.Denial"/>.</param>
    public static IResult Exceeded(QuotaDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new ProblemResult((_, options) => CreateExceededProblem(denial, options.TierCapAdvice, options.ProblemTypeBaseUri));
    }

    /// <summary>
    /// The problem for a <see cref="QuotaException"/>: 403 <c>quota-exceeded</c>, 503 <c>quota-unavailable</c>, 404
    /// <c>namespace-not-found</c>, otherwise 400 <c>validation</c> naming the field.
    /// </summary>
    /// <param name="exception">The exception.</param>
    public static IResult FromException(QuotaException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Denial is { } denial)
        {
            return Exceeded(denial);
        }
        return new ProblemResult((_, options) => exception.ErrorCode switch
        {
            QuotaErrorCodes.StoreUnavailable => Problem(
                options.ProblemTypeBaseUri, QuotaErrorCodes.StoreUnavailable, "Quota state unavailable", StatusCodes.Status503ServiceUnavailable,
                "The quota store could not be reached, so nothing was granted. Try again later."),
            QuotaErrorCodes.NamespaceNotFound => Problem(
                options.ProblemTypeBaseUri, QuotaErrorCodes.NamespaceNotFound, "Namespace not found", StatusCodes.Status404NotFound, exception.Message),
            _ => CreateValidationProblem(options.ProblemTypeBaseUri, new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [FieldOf(exception.ErrorCode)] = [exception.Message],
            }),
        });
    }

    /// <summary>Builds the 403 <c>quota-exceeded</c> problem for hosts that write problems themselves.</summary>
    /// <param name="denial">The refusal.</param>
    /// <param name="tierCapAdvice">How to lift a tier cap, appended to the detail; <see langword="null"/>: none.</param>
    /// <param name="problemTypeBaseUri">The base of <c>type</c>; <see langword="null"/>: the default of <see cref="GlyphhQuotasOptions.ProblemTypeBaseUri"/>.</param>
    public static ProblemDetails CreateExceededProblem(QuotaDenial denial, string? tierCapAdvice = null, Uri? problemTypeBaseUri = null)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var deployment = string.Equals(denial.Namespace, QuotaNamespace.Deployment, StringComparison.Ordinal);
        var lift = denial.Source == QuotaLimitSource.TierCap
            ? tierCapAdvice
            : deployment ? null : $"An administrator can raise it with PUT /namespaces/{denial.Namespace}/quotas.";
        var problem = Problem(
            problemTypeBaseUri, QuotaErrorCodes.QuotaExceeded, "Quota exceeded", StatusCodes.Status403Forbidden,
            lift is null ? denial.ToString() : string.Create(CultureInfo.InvariantCulture, $"{denial} {lift}"));
        if (!deployment)
        {
            problem.Extensions["namespace"] = denial.Namespace;
        }
        problem.Extensions["resource"] = denial.Resource;
        problem.Extensions["limit"] = denial.Limit.IsUnlimited ? "unlimited" : denial.Limit.Value;
        problem.Extensions["usage"] = denial.Used;
        problem.Extensions["requested"] = denial.Requested;
        problem.Extensions["limit_source"] = denial.Source switch
        {
            QuotaLimitSource.Override => "override",
            QuotaLimitSource.TierCap => "tier",
            _ => "default",
        };
        return problem;
    }

    internal static HttpValidationProblemDetails CreateValidationProblem(Uri baseUri, IDictionary<string, string[]> errors) => new(errors)
    {
        Type = TypeOf(baseUri, QuotaErrorCodes.Validation),
        Title = "Invalid quota request",
        Status = StatusCodes.Status400BadRequest,
        Detail = "One or more fields are invalid; see errors.",
    };

    internal static ProblemDetails Problem(Uri? baseUri, string code, string title, int status, string detail) => new()
    {
        Type = TypeOf(baseUri, code),
        Title = title,
        Status = status,
        Detail = detail,
    };

    private static string TypeOf(Uri? baseUri, string code) =>
        (baseUri ?? new GlyphhQuotasOptions().ProblemTypeBaseUri).AbsoluteUri + code;

    private static string FieldOf(string code) => code switch
    {
        QuotaErrorCodes.InvalidNamespace => "namespace",
        QuotaErrorCodes.UnknownResource => "resource",
        QuotaErrorCodes.InvalidLimit => "limit",
        _ => "amount",
    };
}
