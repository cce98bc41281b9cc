namespace Glyphh.Health;

/// <summary>The names a host passes to its OpenTelemetry set-up to collect what Glyphh.Health emits.</summary>
public static class GlyphhHealthDiagnostics
{
    /// <summary>The meter's name: <c>Glyphh.Health</c>.</summary>
    public const string MeterName = "Glyphh.Health";

    /// <summary>The activity source's name: <c>Glyphh.Health</c>. One span, <c>glyphh.health.check</c>, per check per readiness run.</summary>
    public const string ActivitySourceName = "Glyphh.Health";
}
