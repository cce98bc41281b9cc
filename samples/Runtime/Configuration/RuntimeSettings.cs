using Glyphh.Licensing;
using Glyphh.Samples.Hosting;

using System.Globalization;

namespace Glyphh.Runtime.Configuration;

/// <summary>
/// The runtime's own settings, read once at start-up from the contract's variables (<c>DEPLOYMENT_MODE</c>,
/// <c>DATABASE_URL</c>, <c>GLYPHH_DATA_DIR</c>, <c>PORT</c>, ...) or their .NET keys under <c>Glyphh:Runtime</c>.
/// A bad value throws <see cref="RuntimeConfigurationException"/> naming the setting.
/// </summary>
internal sealed class RuntimeSettings
{
    public const string Section = "Glyphh:Runtime";

    public DeploymentMode Mode { get; init; } = DeploymentMode.Local;

    /// <summary>Mode as the contract spells it (<c>local</c>, <c>self-hosted</c>, <c>cloud</c>).</summary>
    public string ModeName => ModeNameOf(Mode);

    private static string ModeNameOf(DeploymentMode mode) => mode.ToName();

    /// <summary>How to lift a tier cap, in the quota-exceeded problem.</summary>
    public string TierCapAdvice => Mode == DeploymentMode.Local
        ? "Local mode allows 1 model and 1,000 glyphs per model; run with DEPLOYMENT_MODE=self-hosted and a production license (LICENSE_KEY or LICENSE_FILE) to lift it."
        : "This limit comes from the license; a license with higher limits lifts it.";

    public string DataDirectory { get; init; } = "";

    /// <summary><c>AUTH_MODE</c>; default none in local mode, jwt otherwise.</summary>
    public Glyphh.Auth.AuthMode AuthMode { get; init; } = Glyphh.Auth.AuthMode.None;

    /// <summary>Npgsql connection string when <c>DATABASE_URL</c> is set (with <c>DATABASE_PASSWORD</c>... applied); null selects embedded SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    public string SqlitePath => Path.Combine(DataDirectory, "glyphh.db");

    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    public int MaxVectorDimensions { get; init; } = 4096;

    public int MaxJsonDepth { get; init; } = 32;

    public int MaxPageSize { get; init; } = 1000;

    public int MaxSearchK { get; init; } = 1000;

    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public bool JsonLogs { get; init; }

    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.Zero;

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool DocsEnabled { get; init; }

    /// <summary><c>ALLOWED_HOSTS</c>: the Host names answered; <c>*</c> for any. Local mode defaults to loopback and this machine's name.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = ["*"];

    /// <summary><c>RATE_LIMIT_RPS</c>: requests per second for each caller on every API route; 0 for none (the default).</summary>
    public int RateLimitRps { get; init; }

    /// <summary><c>RATE_LIMIT_ADMIN_PER_MINUTE</c>: requests per minute for each caller on the admin routes; 0 for none. Default 10.</summary>
    public int AdminRateLimitPerMinute { get; init; } = 10;

    /// <summary><c>ADMIN_IP_ALLOWLIST</c>: CIDR ranges the admin routes answer; empty (the default) for any address.</summary>
    public IReadOnlyList<string> AdminIpAllowlist { get; init; } = [];

    /// <summary><c>TRUSTED_PROXIES</c>: CIDR ranges of proxies whose X-Forwarded-For names the client; empty (the default) for none.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public static RuntimeSettings Load(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mode = ParseMode(Read(configuration, "DEPLOYMENT_MODE", "DeploymentMode") ?? configuration["Glyphh:Licensing:Mode"]);

        var dataDirSetting = Read(configuration, "GLYPHH_DATA_DIR", "DataDirectory");
        var dataDir = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirSetting) ? "data" : dataDirSetting, contentRoot);
        try
        {
            Directory.CreateDirectory(dataDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RuntimeConfigurationException("GLYPHH_DATA_DIR", $"cannot create or open the data directory '{dataDir}' ({ex.Message}).", ex);
        }

        var databaseUrl = Read(configuration, "DATABASE_URL", "DatabaseUrl");
        var postgres = DatabaseSettings.ConnectionString(databaseUrl, configuration);

        var origins = (Read(configuration, "CORS_ORIGINS", "CorsOrigins") ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (origin != "*" && (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https") || u.PathAndQuery != "/"))
            {
                throw new RuntimeConfigurationException("CORS_ORIGINS", $"'{origin}' is not an origin like https://app.example.com (or *).");
            }
        }

        var logFormat = Read(configuration, "LOG_FORMAT", "LogFormat")?.Trim().ToLowerInvariant();
        if (logFormat is not (null or "" or "text" or "json"))
        {
            throw new RuntimeConfigurationException("LOG_FORMAT", $"'{logFormat}' is not one of: text, json.");
        }

        var authText = configuration["AUTH_MODE"] is { Length: > 0 } a ? a : configuration["Glyphh:Auth:Mode"];
        var authMode = authText?.Trim().ToLowerInvariant() switch
        {
            null or "" => mode == DeploymentMode.Local ? Glyphh.Auth.AuthMode.None : Glyphh.Auth.AuthMode.Jwt,
            "none" => Glyphh.Auth.AuthMode.None,
            "jwt" => Glyphh.Auth.AuthMode.Jwt,
            "apikey" => Glyphh.Auth.AuthMode.ApiKey,
            "both" => Glyphh.Auth.AuthMode.Both,
            _ => throw new RuntimeConfigurationException("AUTH_MODE", $"'{authText}' is not one of: none, jwt, apikey, both."),
        };
        if (authMode == Glyphh.Auth.AuthMode.None && mode != DeploymentMode.Local)
        {
            throw new RuntimeConfigurationException("AUTH_MODE", $"'none' is only allowed with DEPLOYMENT_MODE=local; {ModeNameOf(mode)} requires jwt, apikey or both.");
        }

        var allowedHosts = List(configuration, "ALLOWED_HOSTS", "AllowedHosts");
        foreach (var host in allowedHosts)
        {
            if (host != "*" && Uri.CheckHostName(host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host.Trim('[', ']')) == UriHostNameType.Unknown)
            {
                throw new RuntimeConfigurationException("ALLOWED_HOSTS", $"'{host}' is not a host name or address (no scheme or port), '*.example.com' or '*'.");
            }
        }
        var adminAllowlist = List(configuration, "ADMIN_IP_ALLOWLIST", "AdminIpAllowlist");
        var trustedProxies = List(configuration, "TRUSTED_PROXIES", "TrustedProxies");
        foreach (var (variable, entries) in new[] { ("ADMIN_IP_ALLOWLIST", adminAllowlist), ("TRUSTED_PROXIES", trustedProxies) })
        {
            foreach (var entry in entries)
            {
                if (!System.Net.IPNetwork.TryParse(entry, out _) && !System.Net.IPAddress.TryParse(entry, out _))
                {
                    throw new RuntimeConfigurationException(variable, $"'{entry}' is not an IP address or CIDR range like 10.0.0.0/8.");
                }
            }
        }
        if (allowedHosts.Length == 0)
        {
            // Loopback for the developer's browser and curl, the container's own name for docker run -p and compose
            // health checks; every other name (a rebinding attacker's) is refused. Other modes sit behind real auth.
            allowedHosts = mode == DeploymentMode.Local ? ["localhost", "127.0.0.1", "[::1]", Environment.MachineName] : ["*"];
        }

        return new RuntimeSettings
        {
            Mode = mode,
            AuthMode = authMode,
            DataDirectory = dataDir,
            PostgresConnectionString = postgres,
            CorsOrigins = origins,
            JsonLogs = logFormat == "json",
            MaxRequestBodyBytes = ReadLong(configuration, "MaxRequestBodyBytes", 1024 * 1024, 1024, 1L << 30),
            MaxVectorDimensions = (int)ReadLong(configuration, "MaxVectorDimensions", 4096, 1, 65536),
            MaxJsonDepth = (int)ReadLong(configuration, "MaxJsonDepth", 32, 2, 256),
            MaxPageSize = (int)ReadLong(configuration, "MaxPageSize", 1000, 1, 10000),
            MaxSearchK = (int)ReadLong(configuration, "MaxSearchK", 1000, 1, 10000),
            ShutdownDelay = ReadTime(configuration, "ShutdownDelay", TimeSpan.Zero),
            ShutdownTimeout = ReadTime(configuration, "ShutdownTimeout", TimeSpan.FromSeconds(30)),
            DocsEnabled = mode == DeploymentMode.Local,
            AllowedHosts = allowedHosts,
            RateLimitRps = (int)ReadCount(configuration, "RATE_LIMIT_RPS", "RateLimitRps", 0),
            AdminRateLimitPerMinute = (int)ReadCount(configuration, "RATE_LIMIT_ADMIN_PER_MINUTE", "AdminRateLimitPerMinute", 10),
            AdminIpAllowlist = adminAllowlist,
            TrustedProxies = trustedProxies,
        };
    }

    /// <summary>The port from <c>PORT</c> (default 8000), validated.</summary>
    public static int ReadPort(IConfiguration configuration)
    {
        var text = configuration["PORT"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 8000;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new RuntimeConfigurationException("PORT", $"'{text}' is not a port number (1-65535).");
        }
        return port;
    }

    public static DeploymentMode ParseMode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DeploymentMode.Local;
        }
        return DeploymentModes.TryParse(value, out var mode)
            ? mode
            : throw new RuntimeConfigurationException("DEPLOYMENT_MODE", $"'{value}' is not one of: local, self-hosted, cloud.");
    }

    /// <summary>Reads the contract's variable, else the .NET key under <c>Glyphh:Runtime</c>.</summary>
    internal static string? Read(IConfiguration configuration, string variable, string key) =>
        configuration[variable] is { Length: > 0 } v ? v : configuration[$"{Section}:{key}"];

    private static string[] List(IConfiguration configuration, string variable, string key) =>
        (Read(configuration, variable, key) ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static long ReadCount(IConfiguration configuration, string variable, string key, long fallback)
    {
        var text = Read(configuration, variable, key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 1_000_000)
        {
            throw new RuntimeConfigurationException(variable, $"'{text}' is not a whole number from 0 to 1000000 (0 turns the limit off).");
        }
        return value;
    }

    private static long ReadLong(IConfiguration configuration, string key, long fallback, long min, long max)
    {
        var text = configuration[$"{Section}:{key}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new RuntimeConfigurationException($"{Section}:{key}", $"'{text}' is not a whole number between {min} and {max}.");
        }
        return value;
    }

    private static TimeSpan ReadTime(IConfiguration configuration, string key, TimeSpan fallback)
    {
        var text = configuration[$"{Section}:{key}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
        {
            throw new RuntimeConfigurationException($"{Section}:{key}", $"'{text}' is not a duration like 00:00:05 (at most 10 minutes).");
        }
        return value;
    }
}
