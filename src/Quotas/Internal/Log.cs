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
}
