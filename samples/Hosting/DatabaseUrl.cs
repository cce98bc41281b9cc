using System.Globalization;
using System.Text;
using Npgsql;

namespace Glyphh.Samples.Hosting;

/// <summary>
/// Turns <c>DATABASE_URL</c> into an Npgsql connection string, the same way in every host. Two forms:
/// a libpq URL, <c>postgresql://user:password@host1:5432,host2:5433/database?sslmode=verify-full</c>
/// (parts percent-encoded), or a plain Npgsql connection string (<c>Host=...;Database=...</c>).
/// Both must name a host and a database; GSSAPI encryption is off unless asked for (<c>gssencmode</c>,
/// <c>GSS Encryption Mode</c>). Errors are <see cref="StartupConfigurationException"/>s that never echo
/// the value, which may hold a password.
/// </summary>
public static class DatabaseUrl
{
    /// <summary>The environment variable, as operators spell it.</summary>
    public const string Setting = "DATABASE_URL";

    private const string Expected = "expected postgresql://user@host:5432/database";

    private const int MaxHostLength = 255;

    // libpq's target_session_attrs values, plus Npgsql's prefer-primary.
    private static readonly string[] SessionAttributes = ["any", "read-write", "read-only", "primary", "standby", "prefer-primary", "prefer-standby"];

    /// <summary>The libpq URL parameters understood; anything else is refused by name.</summary>
    public static IReadOnlyList<string> Parameters { get; } =
        ["sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "target_session_attrs", "gssencmode"];

    /// <summary>Parses <paramref name="value"/> (a URL or a connection string) into an Npgsql connection string.</summary>
    /// <exception cref="StartupConfigurationException">The value is malformed, names no host or database, or has an unknown parameter.</exception>
    public static string ToConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw Error($"is empty; {Expected}, or leave it unset.");
        }
        NpgsqlConnectionStringBuilder builder;
        bool gssGiven;
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                builder = FromUrl(text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..], out gssGiven);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or KeyNotFoundException or InvalidOperationException)
            {
                // A part Npgsql's builder refuses; the URL may hold a password, so it is not echoed.
                throw Error("is not a valid postgresql:// URL (a part holds a character or value the driver refuses).", ex);
            }
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            throw Error("only postgresql:// (or postgres://) URLs are supported.");
        }
        else
        {
            builder = FromConnectionString(text);
            // Npgsql's keyword, in any spelling it accepts ("GSS Encryption Mode", "GssEncryptionMode").
            gssGiven = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text }.Keys.Cast<string>()
                .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("GssEncryptionMode", StringComparison.OrdinalIgnoreCase));
        }
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw Error($"names no host; {Expected}.");
        }
        if (builder.Host.Split(',').Any(h => h.Length > MaxHostLength))
        {
            // DNS refuses longer names, and does so on a background thread the host cannot catch.
            throw Error($"names a host longer than {MaxHostLength} characters.");
        }
        if (!gssGiven)
        {
            // libpq's default is prefer; here disable, unless asked: the images carry no Kerberos library, and the
            // probe for one prints two lines of its own on stderr at the first connection.
            builder.GssEncryptionMode = GssEncryptionMode.Disable;
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            // One rule for both forms: Npgsql would quietly fall back to a database named after the user.
            throw Error($"names no database; {Expected}.");
        }
        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the keyword at fault, never the value.
            throw Error("is neither a postgresql:// URL nor a valid connection string (" + ex.Message.Split('\n')[0].Trim() + ").", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException or InvalidOperationException)
        {
            throw Error("is neither a postgresql:// URL nor a valid connection string.", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string rest, out bool gssGiven)
    {
        if (rest.Contains('#', StringComparison.Ordinal))
        {
            throw Error("holds a raw '#'; percent-encode it as %23 (or give the password in DATABASE_PASSWORD).");
        }
        var queryAt = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt < 0 ? "" : rest[(queryAt + 1)..];
        var beforeQuery = queryAt < 0 ? rest : rest[..queryAt];
        var slash = beforeQuery.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? beforeQuery : beforeQuery[..slash];
        if (!authority.Contains('@', StringComparison.Ordinal) && rest.IndexOf('@', authority.Length) >= 0)
        {
            // user:pa/ss@host or user:pa?ss@host: the '@' after a '/' or '?' ends credentials that were cut short.
            throw Error("has a raw '/' or '?' before the '@' (in the password?); percent-encode it (%2F, %3F) or give the password in DATABASE_PASSWORD.");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Decode(colon < 0 ? userInfo : userInfo[..colon], "the user name");
            if (user.Length > 0)
            {
                builder.Username = user;
            }
            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "the password");
            }
            authority = authority[(at + 1)..];
        }
        SetHosts(builder, authority);

        var database = slash < 0 ? "" : beforeQuery[(slash + 1)..];
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw Error($"has a path with more than one segment; {Expected}.");
        }
        builder.Database = Decode(database, "the database name");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq], "a parameter name");
            var val = eq < 0 ? "" : Decode(pair[(eq + 1)..], $"the parameter '{key}'");
            if (!seen.Add(key))
            {
                throw Error($"gives the parameter '{key}' twice.");
            }
            SetParameter(builder, key, val);
        }
        gssGiven = seen.Contains("gssencmode");
        return builder;
    }

    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string authority)
    {
        var hosts = new List<(string Host, int? Port)>();
        foreach (var spec in authority.Split(','))
        {
            string host;
            string? port = null;
            if (spec.StartsWith('['))
            {
                var close = spec.IndexOf(']', StringComparison.Ordinal);
                if (close < 0 || (close + 1 < spec.Length && spec[close + 1] != ':'))
                {
                    throw Error("has a malformed IPv6 host; write it as [::1]:5432.");
                }
                host = spec[1..close];
                port = close + 1 < spec.Length ? spec[(close + 2)..] : null;
            }
            else
            {
                var colon = spec.LastIndexOf(':');
                host = Decode(colon < 0 ? spec : spec[..colon], "a host name");
                port = colon < 0 ? null : spec[(colon + 1)..];
            }
            if (host.Length == 0)
            {
                throw Error($"names no host{(hosts.Count > 0 || authority.Contains(',', StringComparison.Ordinal) ? " in its host list" : "")}; {Expected}.");
            }
            hosts.Add((host, port is null or "" ? null : ParsePort(port)));
        }
        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Host;
            if (hosts[0].Port is { } single)
            {
                builder.Port = single;
            }
            return;
        }
        // Npgsql's multi-host form: host:port pairs, comma-separated; a host without a port uses Port (5432).
        builder.Host = string.Join(',', hosts.Select(h =>
        {
            var name = h.Host.Contains(':', StringComparison.Ordinal) ? $"[{h.Host}]" : h.Host;
            return h.Port is { } p ? $"{name}:{p.ToString(CultureInfo.InvariantCulture)}" : name;
        }));
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw Error($"has a port that is not a number from 1 to 65535; {Expected}.");

    private static void SetParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw Error($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full."),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = NonEmpty(key, value);
                break;
            case "sslcert":
                builder.SslCertificate = NonEmpty(key, value);
                break;
            case "sslkey":
                builder.SslKey = NonEmpty(key, value);
                break;
            case "connect_timeout":
                // libpq: seconds, 0 waits forever; Npgsql's limit is 1024.
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 1024
                    ? seconds
                    : throw Error($"connect_timeout '{Shorten(value)}' is not a whole number of seconds from 0 to 1024.");
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "target_session_attrs":
                builder.TargetSessionAttributes = SessionAttributes.Contains(value)
                    ? value
                    : throw Error($"target_session_attrs '{Shorten(value)}' is not one of {string.Join(", ", SessionAttributes)}.");
                break;
            case "gssencmode":
                builder.GssEncryptionMode = value switch
                {
                    "disable" => GssEncryptionMode.Disable,
                    "prefer" => GssEncryptionMode.Prefer,
                    "require" => GssEncryptionMode.Require,
                    _ => throw Error($"gssencmode '{Shorten(value)}' is not one of disable, prefer, require."),
                };
                break;
            default:
                throw Error($"the parameter '{Shorten(key)}' is not understood; the URL takes {string.Join(", ", Parameters)} (other Npgsql settings: use the Host=...;Database=... form).");
        }
    }

    private static string NonEmpty(string key, string value) =>
        value.Length > 0 ? value : throw Error($"the parameter '{key}' is empty.");

    /// <summary>Strict percent-decoding (as libpq): a '%' must start two hex digits, and the bytes must be UTF-8.</summary>
    private static string Decode(string text, string what)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text.Contains('\0', StringComparison.Ordinal) ? throw Error($"holds a NUL character in {what}.") : text;
        }
        // '%' and hex digits are ASCII, so decoding over the UTF-8 bytes never splits a character.
        var raw = Encoding.UTF8.GetBytes(text);
        var bytes = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'%')
            {
                bytes[n++] = raw[i];
                continue;
            }
            if (i + 2 >= raw.Length || Hex(raw[i + 1]) is not (>= 0 and var high) || Hex(raw[i + 2]) is not (>= 0 and var low))
            {
                throw Error($"has a bad percent-encoding in {what} (a '%' must start two hex digits, e.g. %40 for '@', %25 for '%').");
            }
            bytes[n++] = (byte)((high << 4) | low);
            i += 2;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error($"has percent-encoded bytes in {what} that are not UTF-8.", ex);
        }
        return decoded.Contains('\0', StringComparison.Ordinal) ? throw Error($"holds a NUL character in {what}.") : decoded;
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static StartupConfigurationException Error(string message, Exception? inner = null) => new(Setting, message, inner);
}
