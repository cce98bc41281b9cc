using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>The <c>glyphh.health.check</c> span of one check in one readiness run.</summary>
internal static class ReadinessActivity
{
    public static readonly ActivitySource Source = new(GlyphhHealthDiagnostics.ActivitySourceName);

    /// <summary>Starts the span, or returns null without allocating when nothing listens.</summary>
    public static Activity? Start(string check)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("glyphh.health.check", ActivityKind.Internal);
        activity?.SetTag("glyphh.health.check.name", check);
        return activity;
    }

    public static void Complete(Activity? activity, CheckOutcome outcome, bool timedOut)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("glyphh.health.check.status", HealthStatusText.Of(outcome.Status));
        if (outcome.Status == HealthStatus.Unhealthy)
        {
            activity.SetTag("error.type", timedOut ? "timeout" : outcome.Exception?.GetType().FullName ?? "unhealthy");
            activity.SetStatus(ActivityStatusCode.Error, outcome.Description);
        }
    }
}
