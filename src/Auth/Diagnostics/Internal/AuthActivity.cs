using System.Diagnostics;

namespace Glyphh.Auth.Diagnostics.Internal;

/// <summary>The spans of Glyphh.Auth; each start is a no-op (no allocation) while nothing listens to the source.</summary>
internal static class AuthActivity
{
    public static readonly ActivitySource Source = new(GlyphhAuthDiagnostics.ActivitySourceName);

    public static Activity? Start(string name) => Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Internal) : null;

    /// <summary>Ends a validation span: the outcome, and on failure an error status with the reason (fixed words, no token data).</summary>
    public static void Validated(Activity? activity, string? failure)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("glyphh.auth.outcome", failure is null ? "success" : "failure");
        if (failure is not null)
        {
            activity.SetTag("error.type", "invalid_token");
            activity.SetStatus(ActivityStatusCode.Error, failure);
        }
    }
}
