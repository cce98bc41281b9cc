using Microsoft.Extensions.Logging;

namespace Glyphh.Quotas.PostgreSql.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "QuotaSchemaMigrated", Level = LogLevel.Information,
        Message = "Quota schema {Schema} migrated from version {FromVersion} to {ToVersion}.")]
    public static partial void SchemaMigrated(ILogger logger, string schema, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 102, EventName = "QuotaStatementRetried", Level = LogLevel.Warning,
        Message = "A quota statement was retried after PostgreSQL error {SqlState} (attempt {Attempt}).")]
    public static partial void Retried(ILogger logger, string sqlState, int attempt);
}
