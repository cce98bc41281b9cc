using Npgsql;

namespace Glyphh.Runtime.Configuration;

/// <summary>
/// Turns <c>DATABASE_URL</c> into an Npgsql connection string. Accepts the URI form of the seeds
/// (<c>postgresql://user:pass@host:5432/db?sslmode=require</c>, parts percent-encoded) and a plain
/// Npgsql connection string (<c>Host=...;Database=...</c>).
/// </summary>
internal static class DatabaseUrl
{
    private const string Setting = "DATABASE_URL";

    public static string ToConnectionString(string value)
    {
        var text = value.Trim();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return FromUri(text);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or KeyNotFoundException or InvalidOperationException)
            {
                // A part the builder refuses (an embedded NUL, say); the URL may hold a password, so it is not echoed.
                throw new RuntimeConfigurationException(Setting, "is not a valid postgresql:// URL (a part holds a character or value the driver refuses).", ex);
            }
        }
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new RuntimeConfigurationException(Setting, "only postgresql:// (or postgres://) URLs are supported.");
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new RuntimeConfigurationException(Setting, "the connection string names no Host.");
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new RuntimeConfigurationException(Setting, "is neither a postgresql:// URL nor a valid connection string (" + ex.Message.Split('\n')[0].Trim() + ").", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException or InvalidOperationException)
        {
            // Npgsql's builder throws these for some malformed keys; the text may hold a password, so it is not echoed.
            throw new RuntimeConfigurationException(Setting, "is neither a postgresql:// URL nor a valid connection string.", ex);
        }
    }

    private static string FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new RuntimeConfigurationException(Setting, "is not a valid URL; expected postgresql://user:password@host:5432/database.");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new RuntimeConfigurationException(Setting, "names no database; expected postgresql://user:password@host:5432/database.");
        }
        builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                // libpq's names map onto Npgsql's keywords where they differ.
                switch (key.ToLowerInvariant())
                {
                    case "sslmode":
                        builder.SslMode = Enum.Parse<SslMode>(val.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                        break;
                    case "connect_timeout":
                        builder.Timeout = int.Parse(val, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "application_name":
                        builder.ApplicationName = val;
                        break;
                    case "sslrootcert":
                        builder.RootCertificate = val;
                        break;
                    default:
                        builder[key] = val;
                        break;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                throw new RuntimeConfigurationException(Setting, $"query parameter '{key}' is not understood or has a bad value.", ex);
            }
        }
        return builder.ConnectionString;
    }
}
