using Microsoft.Net.Http.Headers;

namespace Glyphh.Runtime.Hosting;

/// <summary>
/// Answers <c>HEAD</c> wherever <c>GET</c> is served (RFC 9110 9.3.2), including the packages' routes (health, quotas):
/// the request is routed as a GET, and Kestrel, which still knows the request line said HEAD, sends the headers only.
/// A 405's <c>Allow</c> then lists HEAD beside GET.
/// </summary>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsHead(method))
            {
                context.Request.Method = HttpMethods.Get;
            }
            // A GET or HEAD is refused with 405 only where GET is not allowed, so its Allow never needs HEAD added:
            // reads skip the callback.
            else if (!HttpMethods.IsGet(method))
            {
                context.Response.OnStarting(AddHeadToAllow, context);
            }
            return next(context);
        });

    private static Task AddHeadToAllow(object state)
    {
        var response = ((HttpContext)state).Response;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && response.Headers.Allow.ToString() is { Length: > 0 } allow)
        {
            var methods = allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !methods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
            {
                response.Headers[HeaderNames.Allow] = string.Join(", ", methods.Append(HttpMethods.Head));
            }
        }
        return Task.CompletedTask;
    }
}
