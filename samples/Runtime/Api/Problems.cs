using Glyphh.Quotas;
using Glyphh.Runtime.Configuration;

namespace Glyphh.Runtime.Api;

/// <summary>RFC 9457 answers with the contract's stable <c>type</c> codes.</summary>
internal static class Problems
{
    public const string TypePrefix = "https://glyphh.dev/problems/";

    public static IResult Validation(string detail, params (string Field, string Error)[] errors) =>
        Results.Problem(
            type: TypePrefix + "validation",
            title: "The request is not valid.",
            statusCode: StatusCodes.Status400BadRequest,
            detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray()),
            });

    public static IResult TooLarge(long limit) =>
        Results.Problem(
            type: TypePrefix + "payload-too-large",
            title: "The request body is too large.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            detail: $"The request body exceeds the limit of {limit} bytes (Glyphh:Runtime:MaxRequestBodyBytes).",
            extensions: new Dictionary<string, object?> { ["limit_bytes"] = limit });

    public static IResult NotFound(string detail) =>
        Results.Problem(type: TypePrefix + "not-found", title: "Not found.", statusCode: StatusCodes.Status404NotFound, detail: detail);

    public static IResult Conflict(string detail) =>
        Results.Problem(type: TypePrefix + "conflict", title: "Conflict.", statusCode: StatusCodes.Status409Conflict, detail: detail);

    public static IResult UnsupportedMediaType(string? sent) =>
        Results.Problem(
            type: TypePrefix + "unsupported-media-type",
            title: "Unsupported media type.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            detail: string.IsNullOrEmpty(sent)
                ? "The request has no Content-Type; send the body as application/json."
                : "Send the body as application/json (UTF-8) or a +json media type.");

    public static IResult PreconditionFailed(string detail) =>
        Results.Problem(
            type: TypePrefix + "precondition-failed",
            title: "Precondition failed.",
            statusCode: StatusCodes.Status412PreconditionFailed,
            detail: detail);

    /// <summary>A refused reservation as 403 <c>quota-exceeded</c>, naming the mode and how to lift the limit.</summary>
    public static IResult FromQuota(QuotaException exception, RuntimeSettings settings)
    {
        if (exception.Denial is not { } denial)
        {
            return QuotaResults.FromException(exception);
        }
        var problem = QuotaResults.CreateExceededProblem(denial, settings.TierCapAdvice);
        problem.Extensions["mode"] = settings.ModeName;
        return Results.Problem(problem);
    }
}
