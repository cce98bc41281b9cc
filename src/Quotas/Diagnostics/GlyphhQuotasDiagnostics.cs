namespace Glyphh.Quotas;

/// <summary>Names of the package's diagnostics, for a host's OpenTelemetry set-up.</summary>
public static class GlyphhQuotasDiagnostics
{
    /// <summary>The meter: <c>Glyphh.Quotas</c>.</summary>
    public const string MeterName = "Glyphh.Quotas";

    /// <summary>
    /// The activity source: <c>Glyphh.Quotas</c>. Spans: <c>glyphh.quota.reserve</c>, <c>glyphh.quota.release</c>,
    /// <c>glyphh.quota.reconcile</c> and one <c>glyphh.quota.store</c> per store round trip (tag
    /// <c>glyphh.quota.operation</c>).
    /// </summary>
    public const string ActivitySourceName = "Glyphh.Quotas";
}
