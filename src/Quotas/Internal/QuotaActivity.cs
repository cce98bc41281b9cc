using System.Diagnostics;

namespace Glyphh.Quotas.Internal;

/// <summary>The package's one <see cref="ActivitySource"/> and its tag names.</summary>
internal static class QuotaActivity
{
    public const string NamespaceTag = "glyphh.namespace";
    public const string OperationTag = "glyphh.quota.operation";
    public const string OutcomeTag = "glyphh.quota.outcome";

    public static readonly ActivitySource Source = new(GlyphhQuotasDiagnostics.ActivitySourceName);

    public static Activity? Start(string name, string @namespace, string? operation = null)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(NamespaceTag, @namespace);
            if (operation is not null)
            {
                activity.SetTag(OperationTag, operation);
            }
        }
        return activity;
    }

    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("error.type", exception is QuotaException quota ? quota.ErrorCode : exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error);
    }
}
