using System.Net.Sockets;
using System.Security.Cryptography;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Configuration;

/// <summary>Turns what stops the license server's start-up into the one line an operator reads first (null: a bug, keep the trace).</summary>
internal static class StartupFailure
{
    public const string Prefix = "glyphh-license-server: ";

    public static string? Describe(Exception exception) => exception switch
    {
        HostAbortedException => null,
        StartupConfigurationException e => "configuration error: " + e.Message,
        Npgsql.NpgsqlException e => "cannot use the database from DATABASE_URL: " + StartupErrors.OneLine(e.Message),
        Microsoft.Data.Sqlite.SqliteException e => "cannot use the embedded database in GLYPHH_DATA_DIR: " + StartupErrors.OneLine(e.Message),
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } e =>
            "PORT: the address is already in use (" + StartupErrors.OneLine(e.Message) + ").",
        CryptographicException e => "cannot read the signing certificate or key (LICENSE_SIGNING_DIR, LICENSE_SIGNING_CERT/KEY): " + StartupErrors.OneLine(e.Message),
        // Any other InvalidOperationException is a bug: it keeps its stack trace (the signing set-up, admin keys and
        // migrations refuse with StartupConfigurationException, naming the setting).
        UnauthorizedAccessException e => "cannot start: " + StartupErrors.OneLine(e.Message),
        IOException e => "cannot start: " + StartupErrors.OneLine(e.Message),
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerExceptions[0]),
        _ => null,
    };
}
