using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Builds the problem when executed (it reads the host's options) and writes it through the host's
/// <see cref="IProblemDetailsService"/>, so <c>CustomizeProblemDetails</c> applies.
/// </summary>
internal sealed class ProblemResult(Func<HttpContext, GlyphhQuotasOptions, ProblemDetails> create) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetService<IOptions<GlyphhQuotasOptions>>()?.Value ?? new GlyphhQuotasOptions();
        var problem = create(httpContext, options);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (httpContext.RequestServices.GetService<IProblemDetailsService>() is { } service
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }
        await Results.Problem(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
    }
}
