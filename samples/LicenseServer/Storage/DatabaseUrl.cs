using Npgsql;

namespace Glyphh.LicenseServer.Storage;

/// <summary>Reads <c>DATABASE_URL</c>: a <c>postgresql://user:pass@host:5432/db?sslmode=require</c> URI or a plain Npgsql string.</summary>
internal static class DatabaseUrl
{
    public static string ToNpgsql(string value)
    {
        try
        {
            return Parse(value);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException or OverflowException)
        {
            // Npgsql's builder refuses some parts (an embedded NUL, an odd key) with these; the text may hold a password.
            throw new InvalidOperationException("DATABASE_URL is neither a valid postgresql:// URI nor an Npgsql connection string.", e);
        }
    }

    private static string Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) &&
            !value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"DATABASE_URL is neither a postgresql:// URI nor an Npgsql connection string: {e.Message}", e);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidOperationException("DATABASE_URL is not a valid postgresql:// URI (expected postgresql://user:pass@host:5432/db).");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key switch { "sslmode" => "SSL Mode", _ => key }] = val;
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"DATABASE_URL has an unknown parameter '{key}': {e.Message}", e);
            }
        }
        return builder.ConnectionString;
    }
}
