using System.Diagnostics;

namespace Glyphh.Licensing.Internal;

/// <summary>The spans of Glyphh licensing. Tags carry outcomes only: never a key, license text or fingerprint.</summary>
internal static class LicensingActivities
{
    public const string Validate = "glyphh.license.validate";
    public const string VerifyReceipt = "glyphh.license.receipt.verify";
    public const string OutcomeTag = "glyphh.license.outcome";

    private static readonly ActivitySource Source = new(GlyphhLicensingDiagnostics.ActivitySourceName, typeof(LicensingActivities).Assembly.GetName().Version?.ToString());

    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>Records the outcome; a failure also sets <c>error.type</c> and an error status.</summary>
    public static void Complete(Activity? activity, string outcome, string? errorType)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        if (errorType is not null)
        {
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
