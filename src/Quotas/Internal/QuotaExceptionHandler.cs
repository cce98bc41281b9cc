using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Glyphh.Quotas.Internal;

/// <summary>Answers a <see cref="QuotaException"/> that reached <c>UseExceptionHandler()</c> with problem+json.</summary>
internal sealed class QuotaExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not QuotaException quota || httpContext.Response.HasStarted)
        {
            return false;
        }
        await QuotaResults.FromException(quota).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
