using Microsoft.Net.Http.Headers;

namespace Glyphh.Runtime.Hosting;

/// <summary>
/// Headers every answer carries: no MIME sniffing, no framing (clickjacking), no referrer, and no caching of API
/// data by shared caches (an answer with an ETag may be kept by the client but is revalidated).
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers[HeaderNames.ContentSecurityPolicy] = "frame-ancestors 'none'";
                headers["Referrer-Policy"] = "no-referrer";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = string.IsNullOrEmpty(headers.ETag) ? "no-store" : "no-cache";
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
