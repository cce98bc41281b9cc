using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Keeps the state in <c>{DataDirectory}/license-state.json</c>, replaced atomically (temp file, fsync, rename).</summary>
internal sealed class FileLicenseStateStore : ILicenseStateStore
{
    private const int MaxBytes = 256 * 1024;
    private readonly string _path;
    private readonly string _directory;

    public FileLicenseStateStore(IOptions<GlyphhLicensingOptions> options)
    {
        _directory = options.Value.DataDirectory;
        _path = Path.Combine(_directory, "license-state.json");
    }

    public async ValueTask<PersistedLicenseState?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var info = new FileInfo(_path);
        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"The license state file is larger than {MaxBytes} bytes.");
        }

        var bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
        PersistedStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, LicensingJsonContext.Default.PersistedStateDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The license state file is not valid JSON.", ex);
        }

        if (document is null || document.Version != 1 || string.IsNullOrEmpty(document.LicenseIdentity))
        {
            throw new InvalidDataException("The license state file has an unknown format.");
        }

        byte[]? receipt = null;
        if (document.Receipt is not null)
        {
            try
            {
                receipt = Convert.FromBase64String(document.Receipt);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException("The license state file holds a receipt that is not base64.", ex);
            }
        }

        return new PersistedLicenseState
        {
            LicenseIdentity = document.LicenseIdentity,
            LastReceipt = receipt,
            HighWaterMark = document.HighWaterMark ?? DateTimeOffset.MinValue,
        };
    }

    public ValueTask SaveAsync(PersistedLicenseState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var document = new PersistedStateDocument
        {
            LicenseIdentity = state.LicenseIdentity,
            Receipt = state.LastReceipt is null ? null : Convert.ToBase64String(state.LastReceipt),
            HighWaterMark = state.HighWaterMark,
        };
        Directory.CreateDirectory(_directory);
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(document, LicensingJsonContext.Default.PersistedStateDocument));
        return ValueTask.CompletedTask;
    }
}
