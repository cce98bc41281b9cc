using Microsoft.Extensions.Logging;

namespace Glyphh.Licensing.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "LicenseStateChanged", Message = "License state changed from {From} to {To}: {Reason}")]
    public static partial void StateChanged(ILogger logger, LogLevel level, LicenseStatus from, LicenseStatus to, string reason);

    [LoggerMessage(EventId = 2, EventName = "LicenseValidated", Level = LogLevel.Information, Message = "Online license validation succeeded for license {LicenseId}; next validation at {NextValidation}")]
    public static partial void Validated(ILogger logger, string licenseId, DateTimeOffset nextValidation);

    [LoggerMessage(EventId = 3, EventName = "LicenseValidationFailed", Level = LogLevel.Warning, Message = "Online license validation failed ({Outcome}): {Detail}")]
    public static partial void ValidationFailed(ILogger logger, string outcome, string detail);

    [LoggerMessage(EventId = 4, EventName = "LicenseValidationRefused", Level = LogLevel.Error, Message = "The license server answered {Status} for license {LicenseId}: {Detail}")]
    public static partial void ValidationRefused(ILogger logger, LicenseReceiptStatus status, string licenseId, string detail);

    [LoggerMessage(EventId = 5, EventName = "LicenseStateUnreadable", Level = LogLevel.Warning, Message = "The persisted license state could not be read; starting without it (no grace is granted without a receipt)")]
    public static partial void StateUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "LicenseStateNotSaved", Level = LogLevel.Warning, Message = "The license state could not be saved; a restart will need a fresh online validation")]
    public static partial void StateNotSaved(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, EventName = "LicenseStateDiscarded", Level = LogLevel.Warning, Message = "The persisted license state was discarded: {Reason}")]
    public static partial void StateDiscarded(ILogger logger, string reason);

    [LoggerMessage(EventId = 8, EventName = "LicenseClockMovedBack", Level = LogLevel.Warning, Message = "The clock ({Now:O}) is behind the highest time seen ({HighWaterMark:O}); the license is evaluated at the highest time seen")]
    public static partial void ClockMovedBack(ILogger logger, DateTimeOffset now, DateTimeOffset highWaterMark);

    [LoggerMessage(EventId = 9, EventName = "MachineIdCreated", Level = LogLevel.Information, Message = "No machine id found; created one in {Path}")]
    public static partial void MachineIdCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 10, EventName = "MachineIdUnavailable", Level = LogLevel.Warning, Message = "No machine id could be read or kept in {Path}; using one for this process only")]
    public static partial void MachineIdUnavailable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "LicenseFileUnreadable", Level = LogLevel.Error, Message = "The license file {Path} could not be read")]
    public static partial void LicenseFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "LicenseStateChangedHandlerFailed", Level = LogLevel.Error, Message = "A license state change handler threw")]
    public static partial void ChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 14, EventName = "LicenseRefusedAtStartup", Level = LogLevel.Warning, Message = "The license was refused at start-up: {Reason}")]
    public static partial void RefusedAtStartup(ILogger logger, string reason);
}
