using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Registration;

/// <summary>The builder <c>AddGlyphhHealth</c> returns: the framework's health checks builder under the package's name.</summary>
internal sealed class GlyphhHealthBuilder(IHealthChecksBuilder inner) : IGlyphhHealthBuilder
{
    public IServiceCollection Services => inner.Services;

    public IHealthChecksBuilder Add(HealthCheckRegistration registration)
    {
        inner.Add(registration);
        return this;
    }
}
