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
        // Not async: an allowed request (nearly all) passes on the next step's task without a state machine of its own.
        return app.Use((context, next) =>
        {
            var host = context.Request.Host.Host;
            if (!string.IsNullOrEmpty(host) && IsAllowed(host, allowed))
            {
                return next(context);
            }
            return Results.Problem(
                type: Problems.TypePrefix + "host-not-allowed",
                title: "Host not allowed.",
                statusCode: StatusCodes.Status400BadRequest,
                detail: "This server does not answer to the Host the request names; the operator lists its names in ALLOWED_HOSTS.").ExecuteAsync(context);
        });
    }

    internal static bool IsAllowed(string host, IReadOnlyList<string> allowed)
    {
        for (var i = 0; i < allowed.Count; i++)
        {
            var entry = allowed[i];
            if (entry.StartsWith("*.", StringComparison.Ordinal)
                ? host.AsSpan().EndsWith(entry.AsSpan(1), StringComparison.OrdinalIgnoreCase) && host.Length > entry.Length - 1
                : string.Equals(host, entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
