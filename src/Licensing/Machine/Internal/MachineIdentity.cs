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
    private readonly Lazy<string> _fingerprint;

    public MachineIdentity(IOptions<GlyphhLicensingOptions> options, ILogger<MachineIdentity> logger)
        : this(options.Value, logger, MachineFingerprint.SystemMachineIdPaths)
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
        if (MachineFingerprint.FindRawMachineId(options.MachineId, options.DataDirectory, systemIdPaths) is { } id)
        {
            return id;
        }

        var file = Path.Combine(options.DataDirectory, MachineFingerprint.KeptIdFileName);
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
}
