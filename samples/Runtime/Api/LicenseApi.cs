using Glyphh.Licensing;
using Glyphh.Runtime.Configuration;

namespace Glyphh.Runtime.Api;

/// <summary><c>GET /license</c> for a platform admin: the license state, reachable even when the license has expired.</summary>
internal static class LicenseApi
{
    public static void MapLicenseApi(this IEndpointRouteBuilder app, RuntimeSettings settings) =>
        app.MapGet("/license", (ILicenseState state) =>
        {
            var s = state.Current;
            return Results.Ok(new LicenseResponse(
                Status: s.Status switch
                {
                    LicenseStatus.Unlicensed => "unlicensed",
                    LicenseStatus.Valid or LicenseStatus.Expiring => "valid",
                    LicenseStatus.Grace => "grace",
                    LicenseStatus.Expired => "expired",
                    _ => "invalid",
                },
                ExpiringSoon: s.Status == LicenseStatus.Expiring,
                Mode: s.Mode.ToName(),
                Reason: s.Reason,
                LicenseId: s.LicenseId,
                Customer: s.Customer,
                ExpiresAt: s.ExpiresAt,
                GraceEndsAt: s.GraceEndsAt,
                LastValidatedAt: s.LastValidatedAt,
                Limits: new LicenseLimitsResponse(s.Limits.Models, s.Limits.GlyphsPerModel),
                Features: s.Features?.Order(StringComparer.Ordinal).ToArray()));
        })
        .RequirePlatformAdmin()
        .WithTags("license")
        .WithName("GetLicense")
        .WithSummary("The license state (platform admin).")
        .Produces<LicenseResponse>()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .AsAdminRoute(settings);

    internal sealed record LicenseResponse(
        string Status, bool ExpiringSoon, string Mode, string Reason, string? LicenseId, string? Customer,
        DateTimeOffset? ExpiresAt, DateTimeOffset? GraceEndsAt, DateTimeOffset? LastValidatedAt,
        LicenseLimitsResponse Limits, string[]? Features);

    /// <summary>Null means unlimited.</summary>
    internal sealed record LicenseLimitsResponse(long? Models, long? Glyphs);
}
