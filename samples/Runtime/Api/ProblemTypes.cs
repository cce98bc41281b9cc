namespace Glyphh.Runtime.Api;

/// <summary>Gives the framework's own problem answers (unknown route, unhandled error, bad request) the contract's types.</summary>
internal static class ProblemTypes
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && problem.Type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal))
        {
            return;
        }
        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status400BadRequest => (Problems.TypePrefix + "validation", problem.Detail ?? "The request could not be read."),
            StatusCodes.Status404NotFound => (Problems.TypePrefix + "not-found", problem.Detail ?? $"Nothing is served at {context.HttpContext.Request.Path}."),
            StatusCodes.Status405MethodNotAllowed => (Problems.TypePrefix + "method-not-allowed", problem.Detail ?? $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}."),
            StatusCodes.Status415UnsupportedMediaType => (Problems.TypePrefix + "unsupported-media-type", problem.Detail ?? "Send the body as application/json (UTF-8) or a +json media type."),
            StatusCodes.Status413PayloadTooLarge => (Problems.TypePrefix + "payload-too-large", problem.Detail ?? "The request body is too large."),
            StatusCodes.Status500InternalServerError => (Problems.TypePrefix + "internal", "An unexpected error occurred; the server log has the details."),
            StatusCodes.Status503ServiceUnavailable => (Problems.TypePrefix + "unavailable", problem.Detail ?? "The database or the data directory is unavailable (down or full). Retry later."),
            _ => (problem.Type, problem.Detail),
        };
    }
}
