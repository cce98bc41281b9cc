using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Glyphh.Licensing.Internal;

/// <summary>The RFC 9457 answers of the gate, with the contract's stable types.</summary>
internal static class LicenseProblems
{
    public const string ExpiredType = "https://glyphh.dev/problems/license-expired";
    public const string InvalidType = "https://glyphh.dev/problems/license-invalid";
    public const string FeatureType = "https://glyphh.dev/problems/feature-not-licensed";

    public static ProblemHttpResult Unavailable(LicenseSnapshot snapshot)
    {
        var expired = snapshot.Status == LicenseStatus.Expired;
        return TypedResults.Problem(
            detail: snapshot.Reason,
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: expired ? "The license has expired." : "The license is not valid.",
            type: expired ? ExpiredType : InvalidType,
            extensions: new Dictionary<string, object?>
            {
                ["license_status"] = snapshot.Status.ToName(),
                ["mode"] = snapshot.Mode.ToName(),
            });
    }

    public static ProblemHttpResult FeatureNotLicensed(string feature, LicenseSnapshot? snapshot) => TypedResults.Problem(
        detail: snapshot is null ? $"Licensing is not configured, so the feature '{feature}' cannot be verified." : $"The license does not include the feature '{feature}'.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "The feature is not licensed.",
        type: FeatureType,
        extensions: new Dictionary<string, object?> { ["feature"] = feature });
}
