using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Glyphh.Licensing.Internal;

namespace Glyphh.Licensing;

/// <summary>
/// Verifies offline licenses and validation receipts against pinned vendor roots, with no network:
/// CMS signature over the exact claim bytes, signer chained to a pinned root (no revocation lookups) at the
/// verification time, signer carrying our extended key usage, then product, mode, time and machine.
/// Every failure is a typed result; bad input never throws.
/// </summary>
public sealed class LicenseVerifier
{
    private readonly X509Certificate2Collection _roots;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier that trusts <paramref name="trustedRoots"/> (two roots allow a root rollover).</summary>
    /// <param name="trustedRoots">The pinned vendor root certificates.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No roots were given.</exception>
    public LicenseVerifier(IEnumerable<X509Certificate2> trustedRoots, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(trustedRoots);
        _roots = [.. trustedRoots];
        if (_roots.Count == 0)
        {
            throw new ArgumentException("At least one trusted root certificate is required.", nameof(trustedRoots));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a verifier from PEM text holding one or more root certificates.</summary>
    /// <param name="rootCertificatesPem">PEM text with one or more <c>CERTIFICATE</c> blocks.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="GlyphhLicensingException">The PEM holds no certificate.</exception>
    public static LicenseVerifier FromPem(string rootCertificatesPem, TimeProvider? timeProvider = null)
        => new(LoadRoots(rootCertificatesPem), timeProvider);

    /// <summary>Reads every certificate in PEM text.</summary>
    /// <param name="pem">PEM text with one or more <c>CERTIFICATE</c> blocks.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="GlyphhLicensingException">The PEM holds no certificate.</exception>
    public static X509Certificate2Collection LoadRoots(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var roots = new X509Certificate2Collection();
        try
        {
            // Files concatenated without a final newline put END and BEGIN on one line.
            roots.ImportFromPem(pem.Replace("-----END CERTIFICATE-----", "-----END CERTIFICATE-----\n", StringComparison.Ordinal));
        }
        catch (CryptographicException ex)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidRootCertificate, "The root certificate PEM is not valid: " + ex.Message, ex);
        }

        if (roots.Count == 0)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidRootCertificate, "The root certificate PEM holds no CERTIFICATE block.");
        }

        return roots;
    }

    /// <summary>The pinned roots.</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots => [.. _roots];

    /// <summary>Verifies an armored license at the current time.</summary>
    /// <param name="license">The armored license text.</param>
    /// <param name="context">What the running product expects.</param>
    /// <returns>The result with its reason.</returns>
    public LicenseVerificationResult Verify(string? license, LicenseVerificationContext context)
        => Verify(license, context, _timeProvider.GetUtcNow());

    /// <summary>Verifies an armored license at a given time (the runtime passes the highest time it has seen).</summary>
    /// <param name="license">The armored license text.</param>
    /// <param name="context">What the running product expects.</param>
    /// <param name="at">The verification time.</param>
    /// <returns>The result with its reason.</returns>
    public LicenseVerificationResult Verify(string? license, LicenseVerificationContext context, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!LicenseArmor.TryDecode(license, out var der, out var error))
        {
            return new(LicenseVerificationStatus.Malformed, error, null, null);
        }

        return VerifyDer(der, context, at);
    }

    /// <summary>Verifies a license given as DER bytes (no armor).</summary>
    /// <param name="der">The DER CMS SignedData.</param>
    /// <param name="context">What the running product expects.</param>
    /// <param name="at">The verification time.</param>
    /// <returns>The result with its reason.</returns>
    public LicenseVerificationResult VerifyDer(byte[] der, LicenseVerificationContext context, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(der);
        ArgumentNullException.ThrowIfNull(context);
        if (der.Length > LicenseSigning.MaxLicenseLength)
        {
            return new(LicenseVerificationStatus.Malformed, $"The license is larger than {LicenseSigning.MaxLicenseLength} bytes.", null, null);
        }

        var status = CmsEnvelope.Open(der, _roots, LicenseSigning.LicenseSigningOid, at, out var content, out var thumbprint, out var detail);
        if (status != LicenseVerificationStatus.Valid)
        {
            return new(status, detail, null, null);
        }

        LicenseClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(content, ProtocolJsonContext.Default.LicenseClaims);
        }
        catch (JsonException ex)
        {
            return new(LicenseVerificationStatus.Malformed, "The signed content is not valid license claims JSON: " + ex.Message, null, thumbprint);
        }

        var problem = claims is null ? "The signed content is empty." : claims.Validate();
        if (problem is not null || claims is null)
        {
            return new(LicenseVerificationStatus.Malformed, "The license claims are inconsistent: " + problem, null, thumbprint);
        }

        if (!string.Equals(claims.Product, context.Product, StringComparison.Ordinal))
        {
            return new(LicenseVerificationStatus.WrongProduct, $"The license is for product '{claims.Product}', not '{context.Product}'.", claims, thumbprint);
        }

        if (context.Mode is { } mode && claims.Mode != mode)
        {
            return new(LicenseVerificationStatus.WrongMode, $"The license is for mode '{claims.Mode.ToName()}', not '{mode.ToName()}'.", claims, thumbprint);
        }

        if (at + context.ClockSkewTolerance < claims.NotBefore)
        {
            return new(LicenseVerificationStatus.NotYetValid, $"The license is not valid before {claims.NotBefore:O}.", claims, thumbprint);
        }

        if (at >= claims.ExpiresAt)
        {
            return new(LicenseVerificationStatus.Expired, $"The license expired at {claims.ExpiresAt:O}.", claims, thumbprint);
        }

        if (claims.MachineFingerprints is { Count: > 0 } machines && !MatchesMachine(machines, context.MachineFingerprint))
        {
            return new(LicenseVerificationStatus.WrongMachine, "The license is bound to other machines.", claims, thumbprint);
        }

        return new(LicenseVerificationStatus.Valid, $"The license '{claims.LicenseId}' is valid until {claims.ExpiresAt:O}.", claims, thumbprint);
    }

    /// <summary>Checks a receipt's signature and signer (EKU <see cref="LicenseSigning.ReceiptSigningOid"/>) at the current time.</summary>
    /// <param name="der">The DER CMS SignedData from <see cref="LicenseValidationResponse.Receipt"/>.</param>
    /// <returns>The result; nonce and age are for the caller to check.</returns>
    public ReceiptVerificationResult VerifyReceipt(byte[] der) => VerifyReceipt(der, _timeProvider.GetUtcNow());

    /// <summary>Checks a receipt's signature and signer at a given time.</summary>
    /// <param name="der">The DER CMS SignedData.</param>
    /// <param name="at">The verification time.</param>
    /// <returns>The result; nonce and age are for the caller to check.</returns>
    public ReceiptVerificationResult VerifyReceipt(byte[] der, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(der);
        using var activity = LicensingActivities.Start(LicensingActivities.VerifyReceipt);
        var result = VerifyReceiptCore(der, at);
        var outcome = result.Status.ToString().ToLowerInvariant();
        LicensingActivities.Complete(activity, outcome, result.IsValid ? null : outcome);
        return result;
    }

    private ReceiptVerificationResult VerifyReceiptCore(byte[] der, DateTimeOffset at)
    {
        if (der.Length > LicenseValidationResponse.MaxBodyBytes)
        {
            return new(LicenseVerificationStatus.Malformed, "The receipt is too large.", null);
        }

        var status = CmsEnvelope.Open(der, _roots, LicenseSigning.ReceiptSigningOid, at, out var content, out _, out var detail);
        if (status != LicenseVerificationStatus.Valid)
        {
            return new(status, detail, null);
        }

        LicenseReceipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize(content, ProtocolJsonContext.Default.LicenseReceipt);
        }
        catch (JsonException ex)
        {
            return new(LicenseVerificationStatus.Malformed, "The signed content is not valid receipt JSON: " + ex.Message, null);
        }

        if (receipt is null || string.IsNullOrEmpty(receipt.Nonce) || string.IsNullOrEmpty(receipt.LicenseId) || !Enum.IsDefined(receipt.Status))
        {
            return new(LicenseVerificationStatus.Malformed, "The receipt lacks license_id, nonce or a known status.", null);
        }

        return new(LicenseVerificationStatus.Valid, "The receipt is authentic.", receipt);
    }

    private static bool MatchesMachine(IReadOnlyList<string> machines, string? fingerprint)
    {
        if (fingerprint is null || fingerprint.Length != 64)
        {
            return false;
        }

        var mine = System.Text.Encoding.ASCII.GetBytes(fingerprint);
        foreach (var machine in machines)
        {
            if (machine.Length == 64 && CryptographicOperations.FixedTimeEquals(mine, System.Text.Encoding.ASCII.GetBytes(machine.ToLowerInvariant())))
            {
                return true;
            }
        }

        return false;
    }
}
