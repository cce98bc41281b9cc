using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Glyphh.Samples.Hosting;

/// <summary>
/// The database connection of a host: <c>DATABASE_URL</c> (see <see cref="DatabaseUrl"/>) with the user and password
/// optionally given apart, so a secret never has to be pasted (and percent-encoded) into a URL:
/// <c>DATABASE_USER</c>, <c>DATABASE_PASSWORD</c>, or <c>DATABASE_PASSWORD_FILE</c> (a mounted Docker or Kubernetes
/// secret; one trailing newline is ignored). Each overrides the URL's part. With none of them and no password in the
/// URL, Npgsql still reads libpq's <c>PGPASSWORD</c>.
/// </summary>
public static class DatabaseSettings
{
    /// <summary>Overrides the URL's user name.</summary>
    public const string UserSetting = "DATABASE_USER";

    /// <summary>Overrides the URL's password.</summary>
    public const string PasswordSetting = "DATABASE_PASSWORD";

    /// <summary>A file whose content overrides the URL's password.</summary>
    public const string PasswordFileSetting = "DATABASE_PASSWORD_FILE";

    /// <summary>
    /// The Npgsql connection string for <paramref name="databaseUrl"/> with the overrides from
    /// <paramref name="configuration"/> applied; null when no URL is set (the host's embedded database).
    /// </summary>
    /// <exception cref="StartupConfigurationException">The URL is malformed, an override cannot be read, or an override is set without a URL.</exception>
    public static string? ConnectionString(string? databaseUrl, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var user = configuration[UserSetting] is { Length: > 0 } u ? u : null;
        var password = ReadPassword(configuration);
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            if (password is not null || user is not null)
            {
                var setting = user is not null ? UserSetting : configuration[PasswordSetting] is { Length: > 0 } ? PasswordSetting : PasswordFileSetting;
                throw new StartupConfigurationException(setting, $"is set but {DatabaseUrl.Setting} is not; set {DatabaseUrl.Setting} to postgresql://host:5432/database (or unset {setting} for the embedded database).");
            }
            return null;
        }
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(databaseUrl));
        if (user is not null)
        {
            builder.Username = user;
        }
        if (password is not null)
        {
            builder.Password = password;
        }
        return builder.ConnectionString;
    }

    private static string? ReadPassword(IConfiguration configuration)
    {
        var inline = configuration[PasswordSetting] is { Length: > 0 } p ? p : null;
        var file = configuration[PasswordFileSetting] is { Length: > 0 } f ? f : null;
        if (file is null)
        {
            return inline;
        }
        if (inline is not null)
        {
            throw new StartupConfigurationException(PasswordSetting, $"and {PasswordFileSetting} are both set; set one.");
        }
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StartupConfigurationException(PasswordFileSetting, $"cannot read '{file}' ({ex.Message.Split('\n')[0].Trim()}).", ex);
        }
        // Secrets written with echo or a text editor end in a newline that is not part of the password.
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return text.Length > 0 ? text : throw new StartupConfigurationException(PasswordFileSetting, $"'{file}' is empty.");
    }
}
