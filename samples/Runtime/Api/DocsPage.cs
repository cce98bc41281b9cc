using Scalar.AspNetCore;

namespace Glyphh.Runtime.Api;

/// <summary>
/// <c>/docs</c> (local mode only): the OpenAPI document at <c>/docs/openapi.json</c> and the Scalar API reference
/// for it, whose script the package serves from the runtime itself (nothing fetched from a CDN).
/// </summary>
internal static class DocsPage
{
    public static void MapDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/docs/openapi.json").ExcludeFromDescription();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Glyphh runtime API").WithOpenApiRoutePattern("/docs/openapi.json"));
    }
}
