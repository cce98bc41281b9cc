using System.Net.Sockets;
using Glyphh.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace Glyphh.Runtime.Hosting;

/// <summary>Turns what stops start-up into the one line an operator reads first.</summary>
internal static class StartupFailure
{
    public static string? Describe(Exception exception) => exception switch
    {
        HostAbortedException => null,
        Glyphh.Samples.Hosting.StartupConfigurationException e => "configuration error: " + e.Message,
        OptionsValidationException e => "configuration error: " + OneLine(string.Join(" ", e.Failures)),
        SchemaTooNewException e => "cannot start: " + e.Message,
        Npgsql.NpgsqlException e => "cannot use the database from DATABASE_URL: " + OneLine(e.Message),
        Microsoft.Data.Sqlite.SqliteException e => "cannot use the embedded database in GLYPHH_DATA_DIR: " + OneLine(e.Message),
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } e =>
            "PORT: the address is already in use (" + OneLine(e.Message) + ").",
        UnauthorizedAccessException e => "cannot start: " + OneLine(e.Message),
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerExceptions[0]),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
