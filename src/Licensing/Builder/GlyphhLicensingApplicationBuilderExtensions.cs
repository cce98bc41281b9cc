using Glyphh.Licensing;
using Glyphh.Licensing.Internal;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the license request gate and the feature requirement.</summary>
public static class GlyphhLicensingApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the request gate: 503 problem+json <c>license-expired</c> / <c>license-invalid</c> once the license
    /// no longer allows serving, except on <see cref="GlyphhLicensingOptions.ExcludedPaths"/>; 403
    /// <c>feature-not-licensed</c> for endpoints marked with <see cref="RequiresLicensedFeatureAttribute"/>.
    /// Place it after routing (automatic with <c>WebApplication</c>) and before the endpoints.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseGlyphhLicensing(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<LicenseGateMiddleware>();
    }

    /// <summary>Requires a licensed feature for the endpoint(s): 403 problem+json <c>feature-not-licensed</c> without it.</summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint(s).</param>
    /// <param name="feature">The feature name, as in the license's <c>features</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireLicensedFeature<TBuilder>(this TBuilder builder, string feature)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        builder.WithMetadata(new RequiresLicensedFeatureAttribute(feature));
        builder.AddEndpointFilter(new LicensedFeatureFilter(feature));
        return builder;
    }
}
