extern alias licenseserver;

using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;
using licenseserver::Glyphh.LicenseServer.Configuration;
using licenseserver::Glyphh.LicenseServer.Licenses;
using licenseserver::Glyphh.LicenseServer.Signing;
using licenseserver::Glyphh.LicenseServer.Validation;

namespace Glyphh.Benchmarks.LicenseServer;

/// <summary>
/// The license server's validate endpoint after the database lookup: parse the request, build the receipt,
/// sign it with the key ring's current certificate (two loaded, as after a rotation), serialize the response.
/// </summary>
[MemoryDiagnoser]
public class ValidationReceiptBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly LicenseServerOptions _options = new();
    private byte[] _requestJson = null!;
    private LicenseValidationRequest _request = null!;
    private ValidationOutcome _outcome = null!;
    private SigningKeyRing _ring = null!;
    private LicenseSigner _signer = null!;

    /// <summary>The signing algorithm.</summary>
    [Params(LicenseKeyAlgorithm.EcdsaP256, LicenseKeyAlgorithm.Rsa3072)]
    public LicenseKeyAlgorithm Algorithm { get; set; }

    /// <summary>Creates a root, an old and a new signing certificate, a license and a request.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var root = LicenseCertificateAuthority.CreateRootCertificate("Bench Root", Start.AddYears(-1), Start.AddYears(10), Algorithm);
        X509Certificate2[] signing =
        [
            LicenseCertificateAuthority.CreateSigningCertificate(root, "Bench Signing 1", Start.AddYears(-1), Start.AddYears(2), LicenseSigningPurposes.All, Algorithm),
            LicenseCertificateAuthority.CreateSigningCertificate(root, "Bench Signing 2", Start.AddDays(-1), Start.AddYears(3), LicenseSigningPurposes.All, Algorithm),
        ];
        _ring = new SigningKeyRing(signing, TimeProvider.System);
        _signer = new LicenseSigner(_ring);
        _request = new LicenseValidationRequest
        {
            LicenseKey = OnlineLicenseKeyGenerator.Generate(),
            Fingerprint = MachineFingerprint.Compute("glyphh-runtime", "bench-machine"),
            Product = "glyphh-runtime",
            Version = "1.2.3",
            Nonce = "n-0123456789abcdef0123456789abcdef",
        };
        _requestJson = _request.ToUtf8Json();
        var license = new LicenseRecord
        {
            Id = "lic_bench", KeyHash = "hash", KeyHint = "ABCD", Customer = "Bench Corp", Product = "glyphh-runtime", Mode = "self-hosted",
            Limits = new Dictionary<string, long> { ["models"] = 10, ["glyphs"] = 1_000_000 }, Features = ["sso", "export"],
            MaxMachines = 5, IssuedAt = Start, NotBefore = Start, ExpiresAt = Start.AddYears(1), RevalidateHours = 24, GraceDays = 7,
            State = LicenseState.Active, UpdatedAt = Start, LicenseFile = "",
        };
        _outcome = new ValidationOutcome(ValidationStatus.Valid, license, 1);
    }

    /// <summary>Frees the certificates.</summary>
    [GlobalCleanup]
    public void Cleanup() => _ring.Dispose();

    /// <summary>Request bytes in, response bytes out: everything the endpoint does but the database and HTTP.</summary>
    /// <returns>The response body.</returns>
    [Benchmark]
    public byte[] ValidateResponse()
    {
        if (!LicenseValidationRequest.TryParse(_requestJson, out var request, out var error))
        {
            throw new InvalidOperationException(error);
        }
        var receipt = ValidationEndpoint.Receipt(request, _outcome, Start.AddDays(30), _options);
        return _signer.SignReceipt(receipt).ToUtf8Json();
    }

    /// <summary>The request parse alone, to set the signature's share apart.</summary>
    /// <returns>Whether it parsed.</returns>
    [Benchmark]
    public bool ParseRequest() => LicenseValidationRequest.TryParse(_requestJson, out _, out _);
}
