using System.Security.Cryptography;
using System.Text;

namespace Glyphh.Licensing;

/// <summary>
/// The machine fingerprint a license can be bound to and the server receives:
/// lowercase hex of HMAC-SHA256(key = UTF-8 <c>"glyphh-machine-fingerprint/v1/" + product</c>, message = UTF-8 raw machine id).
/// The raw id never leaves the machine; the key scopes the hash to one product.
/// </summary>
public static class MachineFingerprint
{
    /// <summary>Computes the fingerprint of a raw machine id for a product.</summary>
    /// <param name="product">The product name.</param>
    /// <param name="rawMachineId">The raw id (e.g. the content of <c>/etc/machine-id</c>).</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Compute(string product, string rawMachineId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(rawMachineId);
        var key = Encoding.UTF8.GetBytes("glyphh-machine-fingerprint/v1/" + product);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(rawMachineId.Trim()));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The operating system's machine id files, read in this order.</summary>
    public static IReadOnlyList<string> SystemMachineIdPaths { get; } = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

    /// <summary>
    /// Finds the raw machine id the SDK fingerprints, without creating one: <paramref name="configuredMachineId"/>
    /// (<c>GLYPHH_MACHINE_ID</c>), else the first of <see cref="SystemMachineIdPaths"/>, else the id the SDK kept in
    /// <c>{dataDirectory}/machine-id</c>. A file holding fewer than 8 or more than 256 characters is skipped.
    /// </summary>
    /// <param name="configuredMachineId">The configured override; <see langword="null"/> or blank when none.</param>
    /// <param name="dataDirectory">The product's data directory (<c>GLYPHH_DATA_DIR</c>).</param>
    /// <returns>The raw id, or <see langword="null"/> when the machine has none yet (the SDK then creates one in the data directory).</returns>
    public static string? FindRawMachineId(string? configuredMachineId, string dataDirectory) =>
        FindRawMachineId(configuredMachineId, dataDirectory, SystemMachineIdPaths);

    /// <summary>As <see cref="FindRawMachineId(string?, string)"/>, reading the given operating system files instead of <see cref="SystemMachineIdPaths"/>.</summary>
    /// <param name="configuredMachineId">The configured override; <see langword="null"/> or blank when none.</param>
    /// <param name="dataDirectory">The product's data directory.</param>
    /// <param name="systemMachineIdPaths">The operating system files to try, in order.</param>
    /// <returns>The raw id, or <see langword="null"/> when there is none.</returns>
    public static string? FindRawMachineId(string? configuredMachineId, string dataDirectory, IReadOnlyList<string> systemMachineIdPaths)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(systemMachineIdPaths);
        if (!string.IsNullOrWhiteSpace(configuredMachineId))
        {
            return configuredMachineId.Trim();
        }

        foreach (var path in systemMachineIdPaths.Append(Path.Combine(dataDirectory, KeptIdFileName)))
        {
            if (TryRead(path) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The file in the data directory holding the id the SDK created when the machine had none (<c>machine-id</c>).</summary>
    public const string KeptIdFileName = "machine-id";

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

    /// <summary>Whether <paramref name="value"/> looks like a fingerprint (64 lowercase hex characters).</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
