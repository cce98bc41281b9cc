namespace Glyphh.LicenseServer;

/// <summary>The server's log events. Never a key, a license file or a fingerprint in full.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "License server storage: {Database}")]
    public static partial void Storage(ILogger logger, string database);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Signing with certificate {Thumbprint} ({Subject}), valid until {NotAfter:yyyy-MM-dd}; {Count} signing certificate(s) loaded")]
    public static partial void Signing(ILogger logger, string thumbprint, string subject, DateTime notAfter, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Development: created a license CA in {Directory}. Products must pin its root certificate {RootPath}")]
    public static partial void DevelopmentCaCreated(ILogger logger, string directory, string rootPath);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "No admin API key is configured (ADMIN_API_KEY_HASHES): every admin request is refused")]
    public static partial void NoAdminKeys(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Count} admin API key(s) configured")]
    public static partial void AdminKeys(ILogger logger, int count);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Validation of license {LicenseId} for {Product} {Version}: {Status} ({ActiveMachines} active machine(s))")]
    public static partial void Validation(ILogger logger, string licenseId, string product, string version, string status, int activeMachines);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Refused validation request: {Reason}")]
    public static partial void RefusedValidation(ILogger logger, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Admin {Actor}: {Action} {LicenseId}")]
    public static partial void AdminChange(ILogger logger, string actor, string action, string licenseId);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied database migration {Version}: {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);
}
