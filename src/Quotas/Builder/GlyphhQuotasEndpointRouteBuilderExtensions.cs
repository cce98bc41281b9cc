using Glyphh.Quotas;
using Glyphh.Quotas.Internal;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the quota admin endpoints.</summary>
public static class GlyphhQuotasEndpointRouteBuilderExtensions
{
    /// <summary>The default route: <c>/namespaces/{namespace}/quotas</c>.</summary>
    public const string DefaultPattern = "/namespaces/{namespace}/quotas";

    /// <summary>
    /// Maps <c>GET</c> and <c>PUT</c> on <paramref name="pattern"/>. Both answer
    /// <c>{"namespace":"m1","limits":{"glyphs":1000000,...},"usage":{"glyphs":12,...}}</c>, with the string
    /// <c>"unlimited"</c> for an unlimited limit. PUT takes the limits to change: a number sets an override,
    /// <c>"unlimited"</c> sets an unlimited override, <c>null</c> goes back to the default, an omitted resource stays.
    /// Authorization is left to the host: add it to the returned builder.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route; must contain <c>{namespace}</c>.</param>
    public static QuotaEndpointConventionBuilder MapGlyphhQuotas(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (!pattern.Contains("{namespace}", StringComparison.Ordinal))
        {
            throw new ArgumentException("The quota route must contain the parameter {namespace}.", nameof(pattern));
        }
        if (endpoints.ServiceProvider.GetService(typeof(QuotaService)) is null)
        {
            throw new InvalidOperationException("MapGlyphhQuotas needs the quota services: call services.AddGlyphhQuotas() first.");
        }
        var group = endpoints.MapGroup(pattern);
        // RequestDelegate overloads: no reflection-based binding, so the package stays trimming- and AOT-safe.
        var read = group.MapGet("", QuotaEndpoints.GetAsync).WithName("GlyphhQuotas.Get");
        var update = group.MapPut("", QuotaEndpoints.PutAsync).WithName("GlyphhQuotas.Put");
        return new QuotaEndpointConventionBuilder(group, read, update);
    }
}
