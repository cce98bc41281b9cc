namespace Glyphh.Auth;

/// <summary>The names a host passes to its OpenTelemetry set-up to collect what Glyphh.Auth emits.</summary>
public static class GlyphhAuthDiagnostics
{
    /// <summary>The meter's name: <c>Glyphh.Auth</c>.</summary>
    public const string MeterName = "Glyphh.Auth";

    /// <summary>
    /// The activity source's name: <c>Glyphh.Auth</c>. Spans: <c>glyphh.auth.token.validate</c> (a token seen for the first
    /// time; cache hits make none) and <c>glyphh.auth.jwks.refresh</c>.
    /// </summary>
    public const string ActivitySourceName = "Glyphh.Auth";
}
