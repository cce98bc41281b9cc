using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// Answers 503 once the license no longer allows serving (except on excluded paths) and 403 for endpoints
/// needing an unlicensed feature. The allowed path reads one immutable snapshot: no lock, no allocation.
/// </summary>
internal sealed class LicenseGateMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILicenseState _state;
    private readonly PathString[] _excluded;
    private readonly Uri _problemTypeBase;

    public LicenseGateMiddleware(RequestDelegate next, ILicenseState state, IOptions<GlyphhLicensingOptions> options)
    {
        _next = next;
        _state = state;
        _problemTypeBase = options.Value.ProblemTypeBaseUri;
        _excluded = [.. options.Value.ExcludedPaths.Select(p => new PathString(p.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/"))];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var snapshot = _state.Current;
        if (!snapshot.AllowsRequests && !IsExcluded(context.Request.Path))
        {
            return LicenseProblems.Unavailable(snapshot, _problemTypeBase).ExecuteAsync(context);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresLicensedFeatureAttribute>() is { } required && !snapshot.HasFeature(required.Feature))
        {
            return LicenseProblems.FeatureNotLicensed(required.Feature, snapshot, _problemTypeBase).ExecuteAsync(context);
        }

        return _next(context);
    }

    private bool IsExcluded(PathString path)
    {
        foreach (var excluded in _excluded)
        {
            if (path.StartsWithSegments(excluded, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
