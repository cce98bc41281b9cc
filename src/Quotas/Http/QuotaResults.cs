using System.Globalization;
using Glyphh.Quotas.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas;

/// <summary>
/// Problem+json answers for quota failures, for hosts that check a reservation themselves:
/// <c>if (!reservation.IsGranted) return QuotaResults.Exceeded(reservation.Denial);</c>
/// </summary>
public static class QuotaResults
{
    /// <summary>The prefix of every problem <c>type</c>: <c>https://glyphh.dev/problems/</c>.</summary>
    public const string ProblemTypePrefix = "https://glyphh.dev/problems/";

    /// <summary>The problem type of a refused reservation (403).</summary>
    public const string QuotaExceededType = ProblemTypePrefix + "quota-exceeded";

    /// <summary>The problem type of invalid input (400), with an <c>errors</c> member listing the fields.</summary>
    public const string ValidationType = ProblemTypePrefix + "validation";

    /// <summary>The problem type of an unreachable usage store (503).</summary>
    public const string UnavailableType = ProblemTypePrefix + "quota-unavailable";

    /// <summary>
    /// A 403 <c>quota-exceeded</c> problem with the members <c>namespace</c>, <c>resource</c>, <c>limit</c>,
    /// <c>usage</c>, <c>requested</c> and <c>limit_source</c> (<c>default</c>, <c>override</c> or <c>tier</c>), and a
    /// detail that says how to lift the limit (<see cref="QuotaOptions.TierCapAdvice"/> for tier caps).
    /// </summary>
    /// <param name="denial">The refusal from <see cref="QuotaReservation.Denial"/>.</param>
    public static IResult Exceeded(QuotaDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new ProblemResult(context => CreateExceededProblem(denial, Advice(context)));
    }

    /// <summary>The problem for a <see cref="QuotaException"/>: 403 for <see cref="QuotaErrorCode.QuotaExceeded"/>,
    /// 503 for <see cref="QuotaErrorCode.StoreUnavailable"/>, otherwise 400 <c>validation</c>.</summary>
    /// <param name="exception">The exception.</param>
    public static IResult FromException(QuotaException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Denial is { } denial)
        {
            return Exceeded(denial);
        }
        return new ProblemResult(_ => exception.Code == QuotaErrorCode.StoreUnavailable
            ? new ProblemDetails
            {
                Type = UnavailableType,
                Title = "Quota state unavailable",
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "The quota store could not be reached, so nothing was granted. Try again later.",
            }
            : CreateValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [FieldOf(exception.Code)] = [exception.Message],
            }));
    }

    /// <summary>Builds the 403 <c>quota-exceeded</c> problem for hosts that write problems themselves.</summary>
    /// <param name="denial">The refusal.</param>
    /// <param name="tierCapAdvice">How to lift a tier cap; <see langword="null"/> uses the default of <see cref="QuotaOptions.TierCapAdvice"/>.</param>
    public static ProblemDetails CreateExceededProblem(QuotaDenial denial, string? tierCapAdvice = null)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var lift = denial.Source == QuotaLimitSource.TierCap
            ? tierCapAdvice ?? new QuotaOptions().TierCapAdvice
            : $"An administrator can raise it with PUT /namespaces/{denial.Namespace}/quotas.";
        var problem = new ProblemDetails
        {
            Type = QuotaExceededType,
            Title = "Quota exceeded",
            Status = StatusCodes.Status403Forbidden,
            Detail = string.Create(CultureInfo.InvariantCulture, $"{denial} {lift}"),
        };
        problem.Extensions["namespace"] = denial.Namespace;
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

    internal static HttpValidationProblemDetails CreateValidationProblem(IDictionary<string, string[]> errors) => new(errors)
    {
        Type = ValidationType,
        Title = "Invalid quota request",
        Status = StatusCodes.Status400BadRequest,
        Detail = "One or more fields are invalid; see errors.",
    };

    private static string FieldOf(QuotaErrorCode code) => code switch
    {
        QuotaErrorCode.InvalidNamespace => "namespace",
        QuotaErrorCode.UnknownResource => "resource",
        QuotaErrorCode.InvalidLimit => "limit",
        _ => "amount",
    };

    private static string? Advice(HttpContext context) =>
        context.RequestServices.GetService<IOptions<QuotaOptions>>()?.Value.TierCapAdvice;
}
