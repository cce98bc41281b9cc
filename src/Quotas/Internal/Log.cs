using Microsoft.Extensions.Logging;

namespace Glyphh.Quotas.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "QuotaWarningThresholdCrossed", Level = LogLevel.Warning,
        Message = "Namespace {Namespace} has used {Used} of its {Limit} {Resource}, crossing the warning threshold of {ThresholdPercent}%.")]
    public static partial void WarningThresholdCrossed(ILogger logger, string @namespace, string resource, long used, long limit, double thresholdPercent);

    [LoggerMessage(EventId = 2, EventName = "QuotaReservationDenied", Level = LogLevel.Information,
        Message = "Reservation of {Requested} {Resource} in namespace {Namespace} refused: {Used} used of {Limit} ({Source}).")]
    public static partial void ReservationDenied(ILogger logger, string @namespace, string resource, long requested, long used, string limit, QuotaLimitSource source);

    [LoggerMessage(EventId = 3, EventName = "QuotaLimitsChanged", Level = LogLevel.Information,
        Message = "Quota overrides of namespace {Namespace} changed: {Changes}.")]
    public static partial void LimitsChanged(ILogger logger, string @namespace, string changes);

    [LoggerMessage(EventId = 4, EventName = "QuotaUsageSet", Level = LogLevel.Information,
        Message = "Usage of {Resource} in namespace {Namespace} set to {Used}.")]
    public static partial void UsageSet(ILogger logger, string @namespace, string resource, long used);

    [LoggerMessage(EventId = 5, EventName = "QuotaStoreFailed", Level = LogLevel.Error,
        Message = "The quota store failed during {Operation} for namespace {Namespace}; nothing was granted.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string operation, string @namespace);

    [LoggerMessage(EventId = 6, EventName = "QuotaReleaseQueued", Level = LogLevel.Warning,
        Message = "A quota release in namespace {Namespace} could not be applied; the SDK retries it in the background ({Pending} pending).")]
    public static partial void ReleaseQueued(ILogger logger, Exception exception, string @namespace, int pending);

    [LoggerMessage(EventId = 7, EventName = "QuotaReleaseQueueFull", Level = LogLevel.Error,
        Message = "A quota release in namespace {Namespace} could not be applied and the retry queue is full ({Capacity}); the caller gets the failure.")]
    public static partial void ReleaseQueueFull(ILogger logger, Exception exception, string @namespace, int capacity);

    [LoggerMessage(EventId = 8, EventName = "QuotaReleaseRetryFailed", Level = LogLevel.Warning,
        Message = "Retrying a queued quota release in namespace {Namespace} failed; next attempt in {DelaySeconds} s.")]
    public static partial void ReleaseRetryFailed(ILogger logger, Exception exception, string @namespace, double delaySeconds);

    [LoggerMessage(EventId = 9, EventName = "QuotaReleaseApplied", Level = LogLevel.Information,
        Message = "A queued quota release in namespace {Namespace} was applied ({Pending} still pending).")]
    public static partial void ReleaseApplied(ILogger logger, string @namespace, int pending);

    [LoggerMessage(EventId = 10, EventName = "QuotaReleasesLeftAtShutdown", Level = LogLevel.Error,
        Message = "{Count} quota releases were still queued at shutdown; reconcile usage at the next start.")]
    public static partial void ReleasesLeftAtShutdown(ILogger logger, int count);
}
