namespace Glyphh.LicenseServer.Problems;

/// <summary>RFC 9457 answers with the contract's stable <c>type</c> URIs.</summary>
internal static class Problem
{
    public static IResult Of(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: ProblemTypes.Base + code, extensions: extensions);

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Of(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The request is invalid",
            string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", what);

    public static IResult Conflict(string detail) =>
        Of(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", detail);
}
