using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Licensing;

/// <summary>Returned by <c>AddGlyphhLicensing</c> for further configuration.</summary>
public interface IGlyphhLicensingBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>The named HTTP client used to call home (add handlers or configure its resilience options).</summary>
    IHttpClientBuilder HttpClient { get; }
}
