using System.Reflection;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Endpoints;

/// <summary>Version and uptime reported by the probes; uptime counts from the first resolution, which <c>MapGlyphhHealth</c> forces.</summary>
internal sealed class ServiceIdentity(IOptions<GlyphhHealthOptions> options, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();

    public string Version { get; } = options.Value.Version ?? EntryAssemblyVersion();

    public long UptimeSeconds => (long)time.GetElapsedTime(_start).TotalSeconds;

    private static string EntryAssemblyVersion()
    {
        var assembly = Assembly.GetEntryAssembly();
        var version = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly?.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
