namespace Glyphh.Licensing;

/// <summary>The names a host subscribes to for Glyphh licensing's traces and metrics (the library configures no exporter).</summary>
public static class GlyphhLicensingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: spans <c>glyphh.license.validate</c> (call-home) and <c>glyphh.license.receipt.verify</c>.</summary>
    public const string ActivitySourceName = "Glyphh.Licensing";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>glyphh.license.*</c> instruments.</summary>
    public const string MeterName = "Glyphh.Licensing";
}
