namespace Glyphh.Runtime;

/// <summary>The runtime's log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) on {Database}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string database);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Glyphh runtime started: mode {Mode}, storage {Storage}, data directory {DataDirectory}")]
    public static partial void Started(ILogger logger, string mode, string storage, string dataDirectory);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Reconciled quota usage from stored data: {Models} models, {Glyphs} glyphs")]
    public static partial void UsageReconciled(ILogger logger, int models, long glyphs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Shutting down: readiness reports unhealthy, draining for {Delay}")]
    public static partial void Draining(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Loaded {Count} quota limit overrides from the database")]
    public static partial void QuotaOverridesLoaded(ILogger logger, int count);
}
