using Glyphh.LicenseServer.Licenses;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.LicenseServer.Signing;

/// <summary>
/// Issues offline license files and signs validation receipts with the ring's current certificate,
/// through Glyphh.Licensing.Issuing (the format and the crypto live there, not here).
/// </summary>
internal sealed class LicenseSigner(SigningKeyRing ring)
{
    public string NewOnlineKey() => OnlineLicenseKeyGenerator.Generate();

    public string IssueLicenseFile(LicenseRecord license, IReadOnlyList<string>? machines, bool callHome)
    {
        var claims = new LicenseClaims
        {
            LicenseId = license.Id,
            Customer = license.Customer,
            Product = license.Product,
            Mode = DeploymentModes.TryParse(license.Mode, out var mode) ? mode : throw new InvalidOperationException($"Unknown mode '{license.Mode}'."),
            IssuedAt = license.IssuedAt,
            NotBefore = license.NotBefore,
            ExpiresAt = license.ExpiresAt,
            Limits = ToLimits(license.Limits),
            Features = license.Features,
            MachineFingerprints = machines is { Count: > 0 } ? machines : null,
            CallHome = callHome,
            RevalidateHours = license.RevalidateHours,
            GraceDays = license.GraceDays,
        };
        return new LicenseIssuer(ring.Current).IssueLicense(claims);
    }

    public LicenseValidationResponse SignReceipt(LicenseReceipt receipt) =>
        new LicenseIssuer(ring.Current).CreateValidationResponse(receipt);

    public static LicenseLimits ToLimits(IReadOnlyDictionary<string, long> limits) => new(limits);
}
