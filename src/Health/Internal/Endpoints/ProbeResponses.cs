using System.Text.Json;
using Glyphh.Health.Internal.Readiness;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Endpoints;

/// <summary>Writes the liveness and readiness bodies of the contract straight into the response.</summary>
internal static class ProbeResponses
{
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Ok = JsonEncodedText.Encode("ok");
    private static readonly JsonEncodedText Checks = JsonEncodedText.Encode("checks");
    private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Uptime = JsonEncodedText.Encode("uptime_seconds");

    public static async Task WriteLivenessAsync(HttpContext context, ServiceIdentity identity)
    {
        PrepareResponse(context.Response, StatusCodes.Status200OK);
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString(Status, Ok);
            WriteIdentity(json, identity);
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteReadinessAsync(HttpContext context, ReadinessReport report, ServiceIdentity identity)
    {
        PrepareResponse(context.Response, report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString(Status, HealthStatusText.Of(report.Status));
            json.WriteStartObject(Checks);
            foreach (var check in report.Checks)
            {
                json.WriteStartObject(check.Key);
                json.WriteString(Status, HealthStatusText.Of(check.Status));
                json.WriteNumber(DurationMs, Math.Round(check.Duration.TotalMilliseconds, 2));
                json.WriteString(Description, check.Description);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            WriteIdentity(json, identity);
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void PrepareResponse(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
    }

    private static void WriteIdentity(Utf8JsonWriter json, ServiceIdentity identity)
    {
        json.WriteString(VersionName, identity.Version);
        json.WriteNumber(Uptime, identity.UptimeSeconds);
    }
}
