using Glyphh.Runtime.Api;

namespace Glyphh.Runtime.Hosting;

/// <summary>
/// Refuses requests whose <c>Host</c> is not one the runtime answers to (<c>ALLOWED_HOSTS</c>), with a 400 problem:
/// a page on another site that rebinds its DNS name to 127.0.0.1 sends its own name as Host and gets nothing.
/// </summary>
internal static class HostFilter
{
    public static IApplicationBuilder UseHostFilter(this IApplicationBuilder app, IReadOnlyList<string> allowed)
    {
        if (allowed.Contains("*"))
        {
            return app;
        }
        return app.Use(async (context, next) =>
        {
            var host = context.Request.Host.Host;
            if (!string.IsNullOrEmpty(host) && IsAllowed(host, allowed))
            {
                await next(context);
                return;
            }
            await Results.Problem(
                type: Problems.TypePrefix + "host-not-allowed",
                title: "Host not allowed.",
                statusCode: StatusCodes.Status400BadRequest,
                detail: "This server does not answer to the Host the request names; the operator lists its names in ALLOWED_HOSTS.").ExecuteAsync(context);
        });
    }

    internal static bool IsAllowed(string host, IReadOnlyList<string> allowed)
    {
        foreach (var entry in allowed)
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase) && host.Length > entry.Length - 1
                : string.Equals(host, entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
