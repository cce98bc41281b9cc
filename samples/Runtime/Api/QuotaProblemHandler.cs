using Glyphh.Quotas;
using Glyphh.Runtime.Configuration;
using Microsoft.AspNetCore.Diagnostics;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Answers a <see cref="QuotaException"/> from any endpoint with the runtime's problem (it adds the deployment
/// mode and the tier-cap advice). An exception handler instead of an endpoint filter: the refusal path pays for
/// it, not every request.
/// </summary>
internal sealed class QuotaProblemHandler(RuntimeSettings settings) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not QuotaException quota || httpContext.Response.HasStarted)
        {
            return false;
        }
        await Problems.FromQuota(quota, settings).ExecuteAsync(httpContext);
        return true;
    }
}
