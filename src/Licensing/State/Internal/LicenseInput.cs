namespace Glyphh.Licensing.Internal;

/// <summary>
/// What the evaluator gets from configuration and the license, read once at start-up: fixed for the process's life.
/// </summary>
internal sealed record LicenseInput
{
    /// <summary>The host's settings (read only here).</summary>
    public required GlyphhLicensingOptions Options { get; init; }

    /// <summary>This machine's fingerprint hash.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Why no license can be checked at all (unreadable root certificate or license file).</summary>
    public string? ConfigurationError { get; init; }

    /// <summary>The credential receipts must name (<see cref="LicenseCredential"/>); also what the state file belongs to.</summary>
    public string? Identity { get; init; }

    /// <summary>The normalized online key, when the license is one.</summary>
    public string? OnlineKey { get; init; }

    /// <summary>The offline license's claims as read at start-up (at the restored license time).</summary>
    public LicenseClaims? Claims { get; init; }

    /// <summary>Verifies the offline license (signature, chain, product, mode, machine, validity) at a license time; <see langword="null"/> for an online key.</summary>
    public Func<DateTimeOffset, LicenseVerificationResult>? VerifyLicenseAt { get; init; }

    /// <summary>Verifies a receipt's signature and signer at a license time; <see langword="null"/> when the root certificate cannot be read.</summary>
    public Func<byte[], DateTimeOffset, ReceiptVerificationResult>? VerifyReceiptAt { get; init; }

    /// <summary>Whether the license is checked with the license server.</summary>
    public bool CallsHome => OnlineKey is not null || Claims?.CallHome == true;
}
