using Glyphh.LicenseServer.Configuration;
using Glyphh.LicenseServer.Licenses;
using Glyphh.LicenseServer.OpenApi;
using Glyphh.LicenseServer.Problems;
using Glyphh.LicenseServer.Signing;
using Glyphh.LicenseServer.Storage;
using Glyphh.Licensing;

namespace Glyphh.LicenseServer.Validation;

/// <summary>
/// <c>POST /api/v1/licenses/validate</c>: anonymous and rate-limited. Every definitive answer is 200 with a signed receipt
/// (as Glyphh.Licensing expects); only a request that cannot be one is a 4xx problem.
/// </summary>
internal static class ValidationEndpoint
{
    public const string Path = "/api/v1/licenses/validate";
    public const string RateLimitPolicy = "validate";

    public static RouteHandlerBuilder MapValidation(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, HandleAsync).WithName("ValidateLicense").WithTags("validation")
            .WithSummary("Validate a license for a machine: every verdict is 200 with a signed receipt.")
            .WithJsonBody<LicenseValidationRequest>().Produces<LicenseValidationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> HandleAsync(
        HttpContext context, LicenseStore store, LicenseSigner signer, LicenseServerOptions options, TimeProvider time,
        ValidationMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Glyphh.LicenseServer.Validation");
        var (body, problem) = await JsonBody.ReadBytesAsync(context, LicenseValidationRequest.MaxBodyBytes);
        if (problem is not null)
        {
            metrics.Refused();
            return problem;
        }
        if (!LicenseValidationRequest.TryParse(body, out var request, out var error))
        {
            Log.RefusedValidation(logger, error);
            metrics.Refused();
            return error.StartsWith("The request is not valid JSON", StringComparison.Ordinal) || error.StartsWith("The request is empty", StringComparison.Ordinal)
                ? JsonBody.Malformed(error)
                : Problem.Validation(FieldOf(error), error);
        }

        var byKey = OnlineLicenseKey.TryNormalize(request.LicenseKey, out var key);
        var lookup = byKey ? new LicenseLookup(OnlineKeys.Hash(key), null) : new LicenseLookup(null, request.LicenseId);
        var now = time.GetUtcNow();
        // A license id only names a license; without proof of holding the signed license it is answered exactly like an
        // unknown one, before any seat is looked at.
        var outcome = await store.ValidateAsync(
            lookup, license => byKey || HoldsLicense(license, request), request.Fingerprint, request.Product, request.Version, now,
            options.ActivationStaleAfter, context.RequestAborted);

        var receipt = Receipt(request, outcome, now, options);
        var response = signer.SignReceipt(receipt);

        Log.Validation(logger, receipt.LicenseId, request.Product, request.Version, Wire(outcome.Status), outcome.ActiveMachines);
        metrics.Answered(Wire(outcome.Status));
        return Results.Bytes(response.ToUtf8Json(), "application/json");
    }

    private static bool HoldsLicense(LicenseRecord license, LicenseValidationRequest request) =>
        LicenseArmor.TryDecode(license.LicenseFile, out var der, out _) && LicenseCredential.VerifyProof(der, request);

    /// <summary>
    /// The credential a receipt names: the key's (known or not: the caller holds it), or the signed license's once its
    /// possession was proved; none otherwise, so a refusal of an unproved request binds no one's license.
    /// </summary>
    internal static string? Credential(LicenseValidationRequest request, LicenseRecord? license)
    {
        if (request.LicenseKey is { } key)
        {
            return LicenseCredential.ForKey(key);
        }
        return license is not null && LicenseArmor.TryDecode(license.LicenseFile, out var der, out _) ? LicenseCredential.ForLicense(der) : null;
    }

    /// <summary>The receipt for a verdict: terms only when valid; the next validation capped by the server's setting.</summary>
    internal static LicenseReceipt Receipt(LicenseValidationRequest request, ValidationOutcome outcome, DateTimeOffset now, LicenseServerOptions options)
    {
        var license = outcome.License;
        var valid = outcome.Status == ValidationStatus.Valid;
        return new LicenseReceipt
        {
            LicenseId = license?.Id ?? request.LicenseId ?? "unknown",
            Credential = Credential(request, license),
            Nonce = request.Nonce,
            ServerTime = now,
            Status = ToReceiptStatus(outcome.Status),
            Product = license?.Product ?? request.Product,
            Fingerprint = request.Fingerprint,
            NextValidationAt = valid ? NextValidation(now, license!, options) : null,
            ExpiresAt = license?.ExpiresAt,
            Mode = license is not null && DeploymentModes.TryParse(license.Mode, out var mode) ? mode : null,
            Limits = valid ? LicenseSigner.ToLimits(license!.Limits) : null,
            Features = valid ? license!.Features : null,
            GraceDays = license?.GraceDays,
            Message = outcome.Reason,
        };
    }

    internal static LicenseReceiptStatus ToReceiptStatus(ValidationStatus status) => status switch
    {
        ValidationStatus.Valid => LicenseReceiptStatus.Valid,
        ValidationStatus.Revoked => LicenseReceiptStatus.Revoked,
        ValidationStatus.Suspended => LicenseReceiptStatus.Suspended,
        ValidationStatus.Expired => LicenseReceiptStatus.Expired,
        ValidationStatus.TooManyMachines => LicenseReceiptStatus.TooManyMachines,
        _ => LicenseReceiptStatus.Unknown,
    };

    internal static string Wire(ValidationStatus status) => status switch
    {
        ValidationStatus.TooManyMachines => "too_many_machines",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The request member an error message is about, for the problem's <c>errors</c> map.</summary>
    private static string FieldOf(string error) =>
        new[] { "license_key", "license_id", "proof", "fingerprint", "product", "version", "nonce" }
            .Select(f => (Field: f, At: error.IndexOf(f, StringComparison.Ordinal)))
            .Where(x => x.At >= 0).OrderBy(x => x.At).Select(x => x.Field).FirstOrDefault() ?? "body";

    /// <summary>The license's interval, shortened by the server's cap, never past expiry.</summary>
    internal static DateTimeOffset NextValidation(DateTimeOffset now, LicenseRecord license, LicenseServerOptions options)
    {
        var interval = TimeSpan.FromHours(license.RevalidateHours);
        if (options.MaxRevalidationInterval is { } max && max < interval)
        {
            interval = max;
        }
        return Min(now + interval, license.ExpiresAt);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
