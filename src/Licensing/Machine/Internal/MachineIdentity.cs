using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// Finds a raw machine id that survives restarts: the configured override, the OS machine id, else a random
/// id kept in the data directory (so a container with a volume keeps its id). Only the HMAC leaves here.
/// </summary>
internal sealed class MachineIdentity
{
    internal static readonly string[] SystemIdPaths = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

    private readonly Lazy<string> _fingerprint;

    public MachineIdentity(IOptions<GlyphhLicensingOptions> options, ILogger<MachineIdentity> logger)
        : this(options.Value, logger, SystemIdPaths)
    {
    }

    internal MachineIdentity(GlyphhLicensingOptions options, ILogger logger, IReadOnlyList<string> systemIdPaths)
    {
        _fingerprint = new Lazy<string>(() => MachineFingerprint.Compute(options.Product, ResolveRawId(options, logger, systemIdPaths)));
    }

    /// <summary>The HMAC fingerprint of this machine for the configured product.</summary>
    public string Fingerprint => _fingerprint.Value;

    private static string ResolveRawId(GlyphhLicensingOptions options, ILogger logger, IReadOnlyList<string> systemIdPaths)
    {
        if (!string.IsNullOrWhiteSpace(options.MachineId))
        {
            return options.MachineId.Trim();
        }

        foreach (var path in systemIdPaths)
        {
            if (TryRead(path) is { } id)
            {
                return id;
            }
        }

        var file = Path.Combine(options.DataDirectory, "machine-id");
        if (TryRead(file) is { } kept)
        {
            return kept;
        }

        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
            AtomicFile.Write(file, System.Text.Encoding.ASCII.GetBytes(created + "\n"));
            Log.MachineIdCreated(logger, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.MachineIdUnavailable(logger, file, ex);
        }

        return created;
    }

    private static string? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var text = File.ReadAllText(path).Trim();
            return text.Length is >= 8 and <= 256 ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
