using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Glyphh.Quotas.Internal;

/// <summary>Builds the problem when executed, so it can read the host's options.</summary>
internal sealed class ProblemResult(Func<HttpContext, ProblemDetails> create) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var problem = create(httpContext);
        return Results.Problem(problem).ExecuteAsync(httpContext);
    }
}
