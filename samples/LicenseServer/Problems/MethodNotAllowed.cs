using Microsoft.AspNetCore.Routing.Template;

namespace Glyphh.LicenseServer.Problems;

/// <summary>
/// The fallback's answer: 405 with <c>Allow</c> when the path exists for other methods (the fallback matches every
/// method, so routing never produces its own 405 here), 404 otherwise; HEAD is allowed wherever GET is.
/// </summary>
internal static class MethodNotAllowed
{
    public static IResult Answer(HttpContext context, EndpointDataSource endpoints)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods.Count: > 0 } methods ||
                endpoint.RoutePattern.RawText is not { } pattern || pattern.Contains("**", StringComparison.Ordinal))
            {
                continue;
            }
            var matcher = new TemplateMatcher(TemplateParser.Parse(pattern), new RouteValueDictionary());
            if (matcher.TryMatch(context.Request.Path, new RouteValueDictionary()))
            {
                allowed.UnionWith(methods.HttpMethods);
            }
        }
        if (allowed.Count == 0)
        {
            return Problem.NotFound("There is no such endpoint.");
        }
        if (allowed.Contains(HttpMethods.Get))
        {
            allowed.Add(HttpMethods.Head);
        }
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return Problem.Of(StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "Method not allowed.",
            $"{context.Request.Method} is not allowed on {context.Request.Path}; allowed: {string.Join(", ", allowed)}.");
    }
}
