using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// The RFC 9457 answers of the gate. <see cref="ProblemHttpResult"/> writes through <c>IProblemDetailsService</c>
/// (registered by <c>AddGlyphhLicensing</c>), so a host's <c>CustomizeProblemDetails</c> and its trace id apply.
/// </summary>
internal static class LicenseProblems
{
    public static ProblemHttpResult Unavailable(LicenseSnapshot snapshot, Uri typeBase)
    {
        var expired = snapshot.Status == LicenseStatus.Expired;
        return TypedResults.Problem(
            detail: snapshot.Reason,
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: expired ? "The license has expired." : "The license is not valid.",
            type: Type(typeBase, expired ? LicensingErrorCodes.LicenseExpired : LicensingErrorCodes.LicenseInvalid),
            extensions: new Dictionary<string, object?>
            {
                ["license_status"] = snapshot.Status.ToName(),
                ["mode"] = snapshot.Mode.ToName(),
            });
    }

    public static ProblemHttpResult FeatureNotLicensed(string feature, LicenseSnapshot? snapshot, Uri typeBase) => TypedResults.Problem(
        detail: snapshot is null ? $"Licensing is not configured, so the feature '{feature}' cannot be verified." : $"The license does not include the feature '{feature}'.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "The feature is not licensed.",
        type: Type(typeBase, LicensingErrorCodes.FeatureNotLicensed),
        extensions: new Dictionary<string, object?> { ["feature"] = feature });

    private static string Type(Uri typeBase, string code) => typeBase.AbsoluteUri + code;
}
