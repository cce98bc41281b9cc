using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Glyphh.Health.Prometheus.Internal;

/// <summary>
/// Renames gauges whose names end in "count": Prometheus reserves a <c>_count</c> suffix for histograms and summaries,
/// and <c>promtool check metrics</c> rejects such gauges (the runtime's <c>dotnet.assembly.count</c> among them).
/// </summary>
internal static class PrometheusLintViews
{
    private static readonly Dictionary<string, string> KnownNames = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    public static MetricStreamConfiguration? Rename(Instrument instrument)
    {
        if (!instrument.Name.EndsWith("count", StringComparison.OrdinalIgnoreCase) || IsCounterOrHistogram(instrument))
        {
            return null;
        }
        return new MetricStreamConfiguration
        {
            Name = KnownNames.TryGetValue(instrument.Name, out var known) ? known : instrument.Name + ".current",
        };
    }

    // Counters get "_total" and histograms own "_count", so their names pass as they are.
    private static bool IsCounterOrHistogram(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return false;
        }
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) || definition == typeof(Histogram<>);
    }
}
