using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Checks the feature even where the gate middleware is missing; fails closed when licensing is not registered.</summary>
internal sealed class LicensedFeatureFilter(string feature) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var state = context.HttpContext.RequestServices.GetService<ILicenseState>();
        var snapshot = state?.Current;
        if (snapshot is null || !snapshot.HasFeature(feature))
        {
            var typeBase = context.HttpContext.RequestServices.GetService<IOptions<GlyphhLicensingOptions>>()?.Value.ProblemTypeBaseUri
                ?? new GlyphhLicensingOptions().ProblemTypeBaseUri;
            return ValueTask.FromResult<object?>(LicenseProblems.FeatureNotLicensed(feature, snapshot, typeBase));
        }

        return next(context);
    }
}
