using Microsoft.Extensions.Logging;

namespace Glyphh.Health.Internal.Diagnostics;

/// <summary>Log events of Glyphh.Health.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "CheckBecameHealthy", Level = LogLevel.Information,
        Message = "Health check {Check} is ok again (was {PreviousStatus}).")]
    public static partial void CheckBecameHealthy(ILogger logger, string check, string previousStatus);

    [LoggerMessage(EventId = 2, EventName = "CheckBecameDegraded", Level = LogLevel.Warning,
        Message = "Health check {Check} is degraded (was {PreviousStatus}): {Description}")]
    public static partial void CheckBecameDegraded(ILogger logger, string check, string previousStatus, string description);

    [LoggerMessage(EventId = 3, EventName = "CheckBecameUnhealthy", Level = LogLevel.Warning,
        Message = "Health check {Check} is unhealthy (was {PreviousStatus}): {Description}")]
    public static partial void CheckBecameUnhealthy(ILogger logger, string check, string previousStatus, string description, Exception? exception);

    [LoggerMessage(EventId = 4, EventName = "TimedOutCheckFinished", Level = LogLevel.Debug,
        Message = "Health check {Check}, already reported as timed out, finished late.")]
    public static partial void TimedOutCheckFinished(ILogger logger, string check, Exception? exception);
}
